"""Command line: ``python -m helpers <command>`` (run, validate, verify, synthesize, check-pairs).

User mistakes (bad arguments, bad data, a busy province) print a clear message and exit with code 2,
without a traceback; a run in which a notebook failed exits with code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from .errors import UserError

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2


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
    run.add_argument("--scheduler", help="address of a Dask distributed scheduler to send province runs to")
    run.add_argument("--data-dir", help="folder holding the province folders (default data/raw)")
    run.add_argument("--output-dir", help="folder for data/processed, figures, reports (default: project root)")
    run.add_argument("--language", choices=("en", "zh"), help="language of figures and tables")
    run.add_argument("--only", help="comma-separated notebook numbers to rerun, e.g. 03,04")
    run.add_argument("--from", dest="start", help="rerun from this notebook number on, e.g. 05")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                     help="notebook parameter, e.g. -p coupling_formula wang (repeatable)")
    run.add_argument("--timeout", type=int, default=900, help="seconds a single cell may run (default 900)")

    validate = sub.add_parser("validate", help="check a province's data folder and report every problem")
    validate.add_argument("--province", required=True)
    validate.add_argument("--data-dir")

    verify = sub.add_parser("verify", help="recompute output checksums against reports/<province>/manifest.json")
    verify.add_argument("--province", required=True)
    verify.add_argument("--output-dir")

    sub.add_parser("check-pairs", help="check that notebooks/*.ipynb and their .py pairs hold the same cells")

    synth = sub.add_parser("synthesize", help="regenerate a bundled SYNTHETIC demonstration panel")
    synth.add_argument("--province", required=True)
    synth.add_argument("--data-dir")
    synth.add_argument("--force", action="store_true", help="overwrite an existing panel file")
    return parser


def _cmd_run(args: argparse.Namespace) -> int:
    from .runner import all_provinces, run_many, run_many_dask, run_province, summary_table

    parameters = {name: _parameter_value(value) for name, value in args.parameter}
    if args.language:
        parameters["language"] = args.language
    options = dict(data_dir=args.data_dir, output_dir=args.output_dir, parameters=parameters,
                   only=args.only.split(",") if args.only else None, start=args.start, timeout=args.timeout)
    if args.province and not args.scheduler:
        run = run_province(args.province, **options)
        if not run.ok:
            print(run.message, file=sys.stderr)
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
        if not r.ok:
            print(f"\n[{r.province}] {r.message}", file=sys.stderr)
    return EXIT_OK if all(r.ok for r in runs) else EXIT_FAILED


def _cmd_validate(args: argparse.Namespace) -> int:
    from .paths import province_paths
    from .validate import load_inputs

    inputs = load_inputs(province_paths(args.province, args.data_dir))
    c = inputs.config
    print(f"{args.province}: OK — {len(inputs.regions)} regions, {c.first_year}–{c.last_year}, "
          f"{len(inputs.indicators)} indicators, {int(inputs.panel.isna().sum().sum())} missing cell(s) to fill, "
          f"{len(inputs.coercions)} coerced cell(s); data status: {c.data_status}")
    return EXIT_OK


def _cmd_verify(args: argparse.Namespace) -> int:
    from .manifest import MANIFEST_NAME, read_manifest, verify_outputs
    from .paths import province_paths

    paths = province_paths(args.province, output_dir=args.output_dir)
    path = paths.reports / MANIFEST_NAME
    if not path.is_file():
        raise UserError(f"no manifest at {path}: run the province first")
    manifest = read_manifest(path)
    problems = verify_outputs(paths.output_dir, manifest)
    for p in problems:
        print(p)
    print(f"{args.province}: {len(manifest['outputs']) - len(problems)} of {len(manifest['outputs'])} output(s) match the manifest")
    return EXIT_OK if not problems else EXIT_FAILED


def _cmd_synthesize(args: argparse.Namespace) -> int:
    from .paths import province_paths
    from .synthetic import SYNTHETIC_DIR, synthesize, write_panel
    from .validate import load_meta

    paths = province_paths(args.province, args.data_dir)
    text, spec = synthesize(load_meta(paths), paths.reference, SYNTHETIC_DIR / args.province)
    target = paths.raw / spec.panel_file
    if target.exists() and not args.force:
        raise UserError(f"{target} exists: raw data are not overwritten unless you pass --force")
    write_panel(text, target, spec)
    print(f"wrote {target} (SYNTHETIC demonstration data, seed {spec.seed})")
    return EXIT_OK


def _cmd_check_pairs(args: argparse.Namespace) -> int:
    from .pairs import out_of_sync

    problems = out_of_sync()
    for p in problems:
        print(p)
    print("notebook pairs in sync" if not problems else f"{len(problems)} notebook pair(s) out of sync")
    return EXIT_OK if not problems else EXIT_FAILED


COMMANDS = {"run": _cmd_run, "validate": _cmd_validate, "verify": _cmd_verify, "synthesize": _cmd_synthesize,
            "check-pairs": _cmd_check_pairs}


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
