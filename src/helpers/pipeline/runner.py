"""Run the numbered notebooks of a province with papermill, safely.

* The data folder is checked first (every problem reported, nothing written).
* A run writes into ``<output>/.staging/<province>-…/`` and replaces ``data/processed/<province>``,
  ``figures/<province>`` and ``reports/<province>`` only when every notebook succeeded. A failed run
  leaves the previous results untouched and keeps the executed notebooks (with the error) in
  ``reports/.failed/<province>/``.
* A lock file per province makes a second run of the same province refuse instead of interleaving;
  different provinces never share a folder.
* Each run builds the thesis exports (LaTeX tables, Excel workbook, Word tables, HTML and PDF
  appendix, see :mod:`helpers.presentation.exports`) and writes ``reports/<province>/manifest.json``.

Provinces run in parallel processes (``run_many``) or on a Dask cluster (``run_many_dask``). Within
a province, a notebook starts once the notebooks whose outputs it reads (declared in the catalog)
have finished; ``notebook_jobs`` of them run at the same time. Each of those lanes keeps one kernel
for the notebooks it runs, one after the other, with the namespace, the figures and the execution
count reset before each (:class:`KernelLane`): starting a kernel and importing pandas, matplotlib,
scipy and this package costs about 2 s, paid once per lane instead of once per notebook. Outputs do
not depend on the order or on the lanes: a rerun from any notebook, in fresh kernels, gives the same
files.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
    wait,
)
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..data import catalog
from ..data.config import AnalysisOptions, resolve_options
from ..data.errors import UserError
from ..data.paths import (
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    ProvincePaths,
    display_path,
    numbered_notebooks,
    province_paths,
)
from ..data.validate import load_inputs, notes
from ..presentation.exports import APPENDIX, APPENDIX_PDF, build_reports
from ..presentation.labels import LANGUAGES, check_language
from .context import NOTEBOOK_ENV, READS_FOLDER
from .manifest import MANIFEST_NAME, checksums_as, environment, git_state, sha256, write_manifest

DEFAULT_TIMEOUT = 900  # seconds per cell
KERNEL = "python3"
# ipykernel warns on every start that its local TCP transport is unencrypted; runs stay on localhost.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
Progress = Callable[[str], None]


@dataclass
class NotebookResult:
    name: str
    seconds: float
    ok: bool
    error: str | None = None


@dataclass
class ProvinceRun:
    province: str
    ok: bool
    seconds: float = 0.0
    notebooks: list[NotebookResult] = field(default_factory=list)
    message: str = ""
    paths: ProvincePaths | None = None   # where the results are, for a successful run


_PRINTING = threading.Lock()


def whole_lines(progress: Progress | None) -> Progress:
    """``progress`` called by one thread at a time, each line written whole in one call: parallel
    notebooks report from several threads, and ``print`` writes a line and its end separately, so two
    lines could merge into one."""
    if progress is None:
        return lambda _: None

    def say(line: str) -> None:
        with _PRINTING:
            if progress is print:
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
            else:
                progress(line)
    return say


def select_notebooks(notebooks: list[Path], only: Sequence[str] | None = None, start: str | None = None) -> list[Path]:
    """The notebooks to run: all, those numbered in ``only`` (e.g. ``["03", "04"]``), or from ``start``."""
    numbers = [p.name[:2] for p in notebooks]
    wanted = [str(n).zfill(2) for n in only] if only else None
    unknown = [n for n in (wanted or []) + ([str(start).zfill(2)] if start else []) if n not in numbers]
    if unknown:
        raise UserError(f"no notebook numbered {', '.join(unknown)} (available: {', '.join(numbers)})")
    chosen = [p for p in notebooks if (wanted is None or p.name[:2] in wanted) and (start is None or p.name[:2] >= str(start).zfill(2))]
    return chosen


def notebook_dependencies(notebooks: Sequence[Path]) -> dict[Path, set[Path]]:
    """For each notebook, the notebooks among ``notebooks`` that write an output it reads (the reads
    declared in :data:`helpers.data.catalog.READS`).

    Examples
    --------
    >>> from helpers.data.paths import numbered_notebooks
    >>> deps = notebook_dependencies(numbered_notebooks())
    >>> sorted(p.name[:2] for p in deps[next(p for p in deps if p.name.startswith("04"))])
    ['03']
    """
    by_number = {p.name[:2]: p for p in notebooks}
    return {path: {by_number[o.notebook] for o in catalog.read_by(path.name[:2])
                   if o.notebook in by_number and o.notebook != path.name[:2]} for path in notebooks}


OPTION_NAMES = tuple(AnalysisOptions.__dataclass_fields__)


def split_parameters(parameters: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The language (None if not given) and the method options among the ``-p`` parameters of a run.

    A name that is neither is refused with the list of accepted names.

    Examples
    --------
    >>> split_parameters({"language": "zh", "weighting": "equal"})
    ('zh', {'weighting': 'equal'})
    """
    reserved = sorted(set(parameters) & {"province", "data_dir", "output_dir", "options"})
    if reserved:
        raise UserError(f"set {', '.join(reserved)} with the command's own options, not as -p parameters")
    unknown = sorted(set(parameters) - {"language", *OPTION_NAMES})
    if unknown:
        raise UserError(f"unknown parameter(s) {', '.join(unknown)}; the notebooks accept: language, "
                        f"{', '.join(sorted(OPTION_NAMES))}")
    language = check_language(parameters["language"]) if "language" in parameters else None
    return language, {k: v for k, v in parameters.items() if k != "language"}


def notebook_options(options: AnalysisOptions) -> dict[str, Any]:
    """The resolved options as the literal dict every notebook of a run receives (lists, not tuples)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(options).items()}


@contextlib.contextmanager
def province_lock(output_root: Path, province: str) -> Iterator[Path]:
    """Hold ``<output>/.locks/<province>.lock``; refuse if another run of the province holds it."""
    folder = output_root / ".locks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{province}.lock"
    handle = path.open("a+")
    try:
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f"another run of '{province}' is in progress (lock {path}); wait for it to finish") from None
        except ImportError:  # pragma: no cover - Windows: no advisory locks, runs are not guarded
            pass
        yield path
    finally:
        handle.close()


def _swap_in(staged: ProvincePaths, final: ProvincePaths, token: str) -> None:
    """Replace each output folder of ``final`` by its staged version (a rename per folder)."""
    for new, old in zip(staged.output_folders, final.output_folders, strict=True):
        new.mkdir(parents=True, exist_ok=True)
        old.parent.mkdir(parents=True, exist_ok=True)
        retired = old.with_name(f".{old.name}.replaced-{token}")
        if old.exists():
            old.rename(retired)
        new.rename(old)
        shutil.rmtree(retired, ignore_errors=True)


def _keep_failed(staged: ProvincePaths, final: ProvincePaths) -> Path:
    target = final.failed_reports
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(staged.reports), str(target))
    return target


def _describe_failure(exc: BaseException) -> str:
    """One line: the failing cell and the error (papermill execution errors carry both)."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        line = next((x.strip() for x in exc.source.splitlines() if x.strip() and not x.strip().startswith("#")), "")
        snippet = line if len(line) <= 60 else line[:57] + "..."
        return f"cell {exc.cell_index + 1} ({snippet}) raised {exc.ename}: {exc.evalue}"
    return f"{type(exc).__name__}: {exc}"


@functools.cache
def _kernel_manager_base():
    """The kernel manager of every notebook a run executes.

    * Kernels talk to the runner over Unix sockets (zmq's ``ipc`` transport) at paths unique to each
      kernel, not over TCP ports: ports are picked free and bound later, so kernels started at the
      same moment by parallel notebooks or provinces could collide ("Address already in use").
    * It does not interrupt a kernel it is about to shut down: jupyter_client sends SIGINT before
      every shutdown request, and a kernel still handling a message then logs "[IPKernelApp] ERROR |
      KeyboardInterrupt caught in kernel." although every cell succeeded. Interrupts for a cell
      timeout still go through.
    * It passes the notebook's name to the kernel (``HELPERS_NOTEBOOK``).
    * It keeps the clients it hands out: a client given to papermill is not closed by it when the
      kernel is not papermill's own (:class:`KernelLane` closes them).
    """
    import tempfile

    from jupyter_client import AsyncKernelManager
    from traitlets import default

    class NotebookKernelManager(AsyncKernelManager):
        notebook = ""

        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:   # the prefix of this kernel's socket paths
            return os.path.join(tempfile.gettempdir(), f"helpers-kernel-{uuid.uuid4().hex}-ipc")

        async def _async_pre_start_kernel(self, **kw: Any):
            kw["env"] = {**kw.get("env", os.environ), NOTEBOOK_ENV: self.notebook}
            return await super()._async_pre_start_kernel(**kw)

        async def _async_interrupt_kernel(self) -> None:
            if not self.shutting_down:
                await super()._async_interrupt_kernel()

        def client(self, **kw: Any):
            client = super().client(**kw)
            self.__dict__.setdefault("clients", []).append(client)
            return client

        def close_clients(self) -> None:
            for client in self.__dict__.pop("clients", []):
                client.stop_channels()

    return NotebookKernelManager


def kernel_manager(notebook: str):
    """The kernel manager class for one notebook (see :func:`_kernel_manager_base`)."""
    return type("NotebookKernelManager", (_kernel_manager_base(),), {"notebook": notebook})


# Run silently in a lane's kernel before each notebook after its first: what a fresh kernel would
# have. The warning registries are cleared (a warning shown by one notebook is shown again by the
# next, as in a fresh kernel) by adding the default filter again, which changes no filter's outcome.
RESET_KERNEL = """\
get_ipython().reset(new_session=True)   # the namespace, the history session and the execution count
import os as _os, sys as _sys, warnings as _warnings
_os.environ[{env!r}] = {notebook!r}
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
_warnings.simplefilter("default", append=True)
del _os, _sys, _warnings
"""


class KernelLane:
    """One kernel and the one thread that drives it (an asyncio kernel manager belongs to the event
    loop of the thread that started it). Notebooks submitted to a lane run one after the other in its
    kernel, reset before each (:data:`RESET_KERNEL`); after a notebook that failed, or a reset that
    failed, the kernel is replaced by a fresh one."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kernel-lane")
        self._km: Any = None

    def submit(self, fn: Callable[..., NotebookResult], *args: Any) -> Future:
        return self._thread.submit(fn, *args)

    def kernel(self, notebook: str, startup_timeout: int = 60):
        """The lane's kernel ready for ``notebook`` (a notebook's stem); call it on the lane's thread."""
        from jupyter_core.utils import run_sync

        if self._km is not None:
            self._km.close_clients()   # the previous notebook's
            try:
                client = self._km.client()
                client.start_channels()
                run_sync(client.wait_for_ready)(timeout=startup_timeout)
                reply = run_sync(client.execute_interactive)(RESET_KERNEL.format(env=NOTEBOOK_ENV, notebook=notebook),
                                                             silent=True, store_history=False, timeout=startup_timeout)
                self._km.close_clients()
                if reply["content"]["status"] != "ok":
                    raise RuntimeError(reply["content"].get("evalue"))
            except Exception:  # noqa: BLE001 - whatever went wrong, a fresh kernel does what the reset would
                self.discard()
        if self._km is None:
            km = kernel_manager(notebook)(kernel_name=KERNEL)
            run_sync(km.start_kernel)(extra_arguments=KERNEL_ARGUMENTS, cwd=str(PROJECT_ROOT))
            self._km = km
        return self._km

    def discard(self) -> None:
        """Shut the kernel down (a new one starts with the next notebook); on the lane's thread."""
        from jupyter_core.utils import run_sync

        km, self._km = self._km, None
        if km is None:
            return
        km.close_clients()
        with contextlib.suppress(Exception):   # a kernel that died is gone already
            run_sync(km.shutdown_kernel)(now=not run_sync(km.is_alive)())

    def close(self) -> None:
        self._thread.submit(self.discard).result()
        self._thread.shutdown()


def _ensure_kernel_path() -> None:
    """Prefer the kernel installed in this environment (make installs it with --sys-prefix)."""
    share = Path(sys.prefix) / "share" / "jupyter"
    current = os.environ.get("JUPYTER_PATH", "")
    if share.is_dir() and str(share) not in current.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (str(share), current) if p)


def in_language(notebook: Path, language: str, target: Path) -> Path:
    """Write ``notebook`` without the markdown cells of the other language (tagged ``lang-en``/``lang-zh``)."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    other = {f"lang-{code}" for code in LANGUAGES if code != language}
    nb.cells = [c for c in nb.cells if not other & set(c.metadata.get("tags", []))]
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)
    return target


def run_province(province: str, data_dir: str | None = None, output_dir: str | None = None,
                 parameters: Mapping[str, Any] | None = None, only: Sequence[str] | None = None,
                 start: str | None = None, timeout: int = DEFAULT_TIMEOUT,
                 progress: Progress | None = print, notebooks_dir: Path = NOTEBOOKS_DIR,
                 label: str | None = None, notebook_jobs: int = 1) -> ProvinceRun:
    """Execute the numbered notebooks for one province; see the module docstring for the guarantees.

    ``label`` names a variant run: its results go to ``<folder>/<province>-<label>`` beside the
    default results. ``notebook_jobs`` notebooks whose inputs are ready run at the same time.
    Raises :class:`UserError` for a bad argument or data folder (nothing is written then); returns a
    :class:`ProvinceRun` with ``ok = False`` when a notebook fails.
    """
    import papermill

    began = time.perf_counter()
    say = whole_lines(progress)
    final = province_paths(province, data_dir, output_dir, label)
    name = final.results_name
    inputs = load_inputs(final)  # raises DataError listing every problem
    for line in notes(inputs, final.reference):
        say(f"[{name}] note: {line}" if not line.startswith("    ") else line)
    language, overrides = split_parameters(parameters or {})
    notebooks = select_notebooks(numbered_notebooks(notebooks_dir), only, start)
    partial = only is not None or start is not None
    if partial:
        if not final.processed.is_dir():
            raise UserError(f"--only/--from need the results of a full run of '{name}' in {display_path(final.processed)}")
        # a partial run continues the last run: its options, then the new ones
        previous = _previous_parameters(final)
        language = language or previous.pop("language", None)
        overrides = {**{k: v for k, v in previous.items() if k != "language"}, **overrides}
    language = language or "en"
    # the options of the run, resolved once (province.toml [analysis], then -p); every notebook gets them
    options = resolve_options(inputs.config, **overrides)
    _ensure_kernel_path()

    token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
    with province_lock(final.output_dir, name):
        staging_root = final.output_dir / ".staging" / f"{name}-{token}"
        staged = ProvincePaths(province, final.data_dir, staging_root)
        try:
            for new, old in zip(staged.output_folders, final.output_folders, strict=True):
                if partial and old.is_dir():
                    shutil.copytree(old, new, dirs_exist_ok=True)
                new.mkdir(parents=True, exist_ok=True)
            def execute(notebook: Path, position: int, lane: KernelLane) -> NotebookResult:
                say(f"[{name}] {notebook.stem} ({position}/{len(notebooks)}) started, "
                    f"{time.perf_counter() - began:.0f} s elapsed")
                t0 = time.perf_counter()
                run_parameters = {"province": province, "data_dir": str(final.data_dir),
                                  "output_dir": str(staging_root), "language": language,
                                  "options": notebook_options(options)}
                source = in_language(notebook, language, staging_root / "sources" / notebook.name)
                try:
                    papermill.execute_notebook(str(source), str(staged.reports / notebook.name),
                                               parameters=run_parameters, kernel_name=KERNEL,
                                               km=lane.kernel(notebook.stem), execution_timeout=timeout,
                                               progress_bar=False, log_output=False)
                except Exception as exc:  # noqa: BLE001 - any failure of a notebook fails the run
                    lane.discard()   # the kernel may still be busy with the cell, or dead
                    return NotebookResult(notebook.name, time.perf_counter() - t0, False, _describe_failure(exc))
                seconds = time.perf_counter() - t0
                say(f"[{name}] {notebook.stem} done in {seconds:.1f} s")
                return NotebookResult(notebook.name, seconds, True)

            lanes = [KernelLane() for _ in range(max(1, notebook_jobs))]
            try:
                results = _run_in_order_of_reads(notebooks, execute, lanes)
            finally:
                for lane in lanes:
                    lane.close()
            failed = next((r for r in results if not r.ok), None)
            if failed is not None:
                kept = _keep_failed(staged, final)
                message = (f"{failed.name} failed: {failed.error}. Previous results are untouched; "
                           f"the executed notebook is kept in {display_path(kept / failed.name)}")
                say(f"[{name}] FAILED {message}")
                return ProvinceRun(province, False, time.perf_counter() - began, results, message)
            manifest = {
                "province": province,
                "label": label,
                "data_status": inputs.config.data_status,
                "parameters": {"language": language, **overrides},
                "options": asdict(options),
                "notebooks": [{"name": r.name, "seconds": round(r.seconds, 2)} for r in results],
                "reads": _recorded_reads(staged),
                "partial_run": {"only": list(only) if only else None, "from": start} if partial else None,
                "environment": environment(),
                "git": git_state(),
                "inputs": {p.relative_to(final.data_dir).as_posix(): sha256(p) for p in _input_files(final, inputs.files)},
            }
            build_reports(staged, inputs.meta, manifest, language=language)
            # keys are the paths the files will have after the swap, relative to the output folder
            manifest["outputs"] = checksums_as(list(zip(staged.output_folders, final.output_folders, strict=True)),
                                               final.output_dir)
            write_manifest(staged.reports / MANIFEST_NAME, manifest)
            _swap_in(staged, final, token)
            shutil.rmtree(final.failed_reports, ignore_errors=True)  # stale now
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)
    total = time.perf_counter() - began
    say(f"[{name}] finished {len(results)} notebook(s) in {total:.1f} s")
    return ProvinceRun(province, True, total, results, "ok", final)


def _run_in_order_of_reads(notebooks: list[Path], execute: Callable[[Path, int, Any], NotebookResult],
                           lanes: Sequence[Any]) -> list[NotebookResult]:
    """Execute every notebook once the notebooks it reads from have succeeded, one per lane at a time
    (``lane.submit(execute, notebook, position, lane)``; a lane is a :class:`KernelLane` or any
    single-worker executor), in numbered order among those ready. After a failure nothing new starts;
    the results come back in numbered order (those never started are left out)."""
    needs = notebook_dependencies(notebooks)
    position = {p: i for i, p in enumerate(notebooks, start=1)}
    pending, done, results = list(notebooks), set(), {}
    free, running = list(lanes), {}
    while pending or running:
        ok = all(r.ok for r in results.values())
        for notebook in [p for p in pending if needs[p] <= done] if ok else []:
            if not free:
                break
            pending.remove(notebook)
            lane = free.pop(0)
            running[lane.submit(execute, notebook, position[notebook], lane)] = (notebook, lane)
        if not running:
            break
        finished, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(finished, key=lambda f: position[running[f][0]]):
            notebook, lane = running.pop(future)
            free.append(lane)
            results[notebook] = future.result()
            if results[notebook].ok:
                done.add(notebook)
    return [results[p] for p in notebooks if p in results]


def _recorded_reads(staged: ProvincePaths) -> dict[str, list[str]]:
    """The outputs each notebook read in this run (sorted), from the records of the contexts, which
    are removed from the reports."""
    folder = staged.reports / READS_FOLDER
    reads = {p.stem: sorted(set(p.read_text(encoding="utf-8").split())) for p in sorted(folder.glob("*.txt"))}
    shutil.rmtree(folder, ignore_errors=True)
    return reads


def _previous_parameters(paths: ProvincePaths) -> dict[str, Any]:
    """The ``-p`` parameters (and language) of the run whose results a partial run continues."""
    from .manifest import read_manifest

    manifest = paths.reports / MANIFEST_NAME
    return dict(read_manifest(manifest).get("parameters", {})) if manifest.is_file() else {}


def _input_files(paths: ProvincePaths, files: Mapping[str, Path]) -> list[Path]:
    reference = sorted(p for p in paths.reference.glob("*") if p.is_file()) if paths.reference.is_dir() else []
    return [*files.values(), *reference]


def run_province_safely(province: str, **kwargs: Any) -> ProvinceRun:
    """:func:`run_province` that turns every error into a failed :class:`ProvinceRun` (for pools)."""
    began = time.perf_counter()
    try:
        return run_province(province, **kwargs)
    except UserError as exc:
        return ProvinceRun(province, False, time.perf_counter() - began, [], str(exc))
    except Exception as exc:  # noqa: BLE001 - a crash of one province must not stop the others
        return ProvinceRun(province, False, time.perf_counter() - began, [],
                           f"unexpected error {type(exc).__name__}: {exc}\n{traceback.format_exc()}")


def run_many(provinces: Sequence[str], jobs: int = 1, progress: Progress | None = print, **kwargs: Any) -> list[ProvinceRun]:
    """Run provinces in up to ``jobs`` parallel processes; a failing province does not stop the rest."""
    if jobs <= 1 or len(provinces) <= 1:
        return [run_province_safely(p, progress=progress, **kwargs) for p in provinces]
    results = {}
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(run_province_safely, p, progress=progress, **kwargs): p for p in provinces}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
    return [results[p] for p in provinces]


def run_many_dask(provinces: Sequence[str], scheduler: str, progress: Progress | None = print, **kwargs: Any) -> list[ProvinceRun]:
    """Send each province run to the Dask distributed scheduler at ``scheduler`` (same guarantees).

    The workers must see the project, its data folder and the output folder at the same paths
    (a shared file system) and have this environment installed.
    """
    from distributed import Client
    from distributed import as_completed as dask_completed

    say = progress or (lambda _: None)
    token = uuid.uuid4().hex[:8]
    with Client(scheduler, timeout="30s") as client:
        futures = {client.submit(run_province_safely, p, progress=None, pure=False, key=f"province-{p}-{token}", **kwargs): p
                   for p in provinces}
        say(f"submitted {len(futures)} province run(s) to {scheduler}")
        results = {}
        for future in dask_completed(futures):
            run = future.result()
            results[futures[future]] = run
            say(f"[{run.province}] {'ok' if run.ok else 'FAILED'} in {run.seconds:.1f} s")
    return [results[p] for p in provinces]


def summary_table(runs: Sequence[ProvinceRun]) -> str:
    """A plain-text table: province, status, notebooks run, seconds, message."""
    rows = [("province", "status", "notebooks", "seconds", "message")]
    for r in runs:
        first_line = r.message.splitlines()[0] if r.message else ""
        rows.append((r.province, "ok" if r.ok else "FAILED", str(sum(n.ok for n in r.notebooks)), f"{r.seconds:.1f}", first_line))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row[:4], widths, strict=True)) + "  " + row[4] for row in rows]
    return "\n".join(lines)


def where_results(paths: ProvincePaths) -> str:
    """Where a successful run left its results (printed at the end of ``run``)."""
    reports = paths.reports
    lines = [f"[{paths.results_name}] results:",
             f"  tables (CSV)      {display_path(paths.processed)}/",
             f"  figures (PNG+PDF) {display_path(paths.figures)}/"]
    for label, path in (("appendix", reports / APPENDIX), ("appendix (PDF)", reports / APPENDIX_PDF),
                        ("Word tables", reports / "tables" / f"{paths.province}_tables.docx"),
                        ("LaTeX + Excel", reports / "tables"), ("manifest", reports / MANIFEST_NAME)):
        if path.exists():
            lines.append(f"  {label:<17} {display_path(path)}{'/' if path.is_dir() else ''}")
    return "\n".join(lines)


def all_provinces(data_dir: str | None = None) -> list[str]:
    """Every province folder (a folder with a province.toml) of the data directory."""
    from ..data.paths import resolve_data_dir

    root = resolve_data_dir(data_dir)
    return sorted(p.name for p in root.iterdir() if (p / "province.toml").is_file()) if root.is_dir() else []
