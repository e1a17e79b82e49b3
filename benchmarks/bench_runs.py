"""Wall time of full runs (every notebook, the reports) against the floor of starting kernels.

* floor: a notebook holding only the parameters cell, and the same with the imports of a notebook,
  each in a fresh kernel (started and stopped for it) and in one kernel lane, as the runner executes
  the notebooks of a run (one kernel, reset between notebooks);
* the bundled provinces, one after the other;
* SYNTHETIC national panels of growing size (``--national``, default 8, 30 and 300 regions of
  10 years and 32 indicators; add 2851 for all counties), with the ratio to the smallest.

Each run is a separate ``python -m helpers run`` process; its peak memory is the largest resident
set of any process it started (the kernels included). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from helpers.data.synthetic import national_panel
from helpers.pipeline.runner import KERNEL, all_provinces

IMPORTS = """\
import pandas as pd
from IPython.display import Markdown, display

from helpers import comparison, coupling, weights
from helpers.data import catalog
from helpers.pipeline.context import open_context
from helpers.presentation import charts, labels, narrative, tables
"""


def floor(repeat: int) -> dict[str, dict[str, float]]:
    """Mean seconds per notebook of an empty notebook and of one that only imports what a notebook
    imports: each in a fresh kernel started and stopped for it, and ``repeat`` of them in one kernel
    lane as the runner executes a run's notebooks (the kernel started once and reset before each)."""
    import papermill

    from helpers.pipeline.runner import KernelLane, _ensure_kernel_path

    _ensure_kernel_path()

    def execute(path: Path, lane: KernelLane) -> None:
        papermill.execute_notebook(str(path), str(path.with_name("out.ipynb")), kernel_name=KERNEL,
                                   km=lane.kernel("floor"), progress_bar=False, log_output=False)

    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, source in (("kernel", "province = 'x'"), ("kernel + imports", "province = 'x'\n" + IMPORTS)):
            nb = nbformat.v4.new_notebook()
            nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
            nb.cells = [nbformat.v4.new_code_cell(source)]
            path = Path(folder) / "floor.ipynb"
            nbformat.write(nb, path)
            t0 = time.perf_counter()
            for _ in range(repeat):
                lane = KernelLane()
                lane.submit(execute, path, lane).result()
                lane.close()
            fresh = (time.perf_counter() - t0) / repeat
            t0 = time.perf_counter()
            lane = KernelLane()
            for _ in range(repeat):
                lane.submit(execute, path, lane).result()
            lane.close()
            out[name] = {"fresh kernel": fresh, "one lane": (time.perf_counter() - t0) / repeat}
    return out


def run(province: str, data_dir: str | None, output_dir: str, notebook_jobs: int) -> dict:
    command = [sys.executable, "-m", "helpers", "run", "--province", province, "--output-dir", output_dir,
               "--notebook-jobs", str(notebook_jobs)] + (["--data-dir", data_dir] if data_dir else [])
    t0 = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    manifest = json.loads((Path(output_dir) / "reports" / province / "manifest.json").read_text(encoding="utf-8")) \
        if done.returncode == 0 else {"notebooks": []}
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # kB on Linux
    return {"province": province, "ok": done.returncode == 0, "wall_seconds": round(wall, 1),
            "notebook_seconds": {n["name"][:2]: n["seconds"] for n in manifest["notebooks"]},
            "peak_rss_mb_so_far": round(peak), "error": done.stderr[-500:] if done.returncode else ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--national", type=int, nargs="*", default=[8, 30, 300])
    parser.add_argument("--bundled", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--notebook-jobs", type=int, default=2)
    parser.add_argument("--floor-repeat", type=int, default=5)
    args = parser.parse_args()
    cores = os.cpu_count()
    print(f"Python {platform.python_version()}, {platform.machine()}, {cores} cores, --notebook-jobs {args.notebook_jobs}")
    base = floor(args.floor_repeat)
    for name, times in base.items():
        print(f"floor per notebook, {name}: {times['fresh kernel']:.2f} s in a fresh kernel, {times['one lane']:.2f} s "
              f"in one lane ({times['fresh kernel'] / times['one lane']:.1f} x)")
    kernel = base["kernel"]["fresh kernel"]
    results: dict = {"floor": base, "bundled": [], "national": []}
    notebooks = len(list((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    with tempfile.TemporaryDirectory() as out:
        if args.bundled:
            for province in all_provinces():
                r = run(province, None, out, args.notebook_jobs)
                results["bundled"].append(r)
                print(f"{province:14s} {r['wall_seconds']:6.1f} s = {r['wall_seconds'] / (notebooks * kernel):.1f} x "
                      f"the fresh-kernel floor of {notebooks} notebooks ({notebooks * kernel:.1f} s)"
                      f"{'' if r['ok'] else '  FAILED ' + r['error']}")
        data = Path(out) / "national-data"
        for n in args.national:
            national_panel(n, data, slug=f"national_{n}")
            r = run(f"national_{n}", str(data), out, args.notebook_jobs)
            results["national"].append({"regions": n, **r})
        if results["national"]:
            first = results["national"][0]["wall_seconds"]
            print("national panels (10 years x 32 indicators): " + "  ".join(
                f"{r['regions']} regions {r['wall_seconds']:.1f} s ({r['wall_seconds'] / first:.2f}x, "
                f"peak so far {r['peak_rss_mb_so_far']} MB){'' if r['ok'] else ' FAILED'}" for r in results["national"]))
    Path(__file__).with_name("results-runs.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
