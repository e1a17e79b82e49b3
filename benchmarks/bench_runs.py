"""Wall time of `run --all` for the bundled provinces, per --jobs value (see benchmarks/README.md)."""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from helpers.pipeline.runner import all_provinces, run_many


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    provinces = all_provinces()
    results = []
    for jobs in args.jobs:
        with tempfile.TemporaryDirectory() as out:
            t0 = time.perf_counter()
            runs = run_many(provinces, jobs=jobs, progress=None, output_dir=out)
            wall = time.perf_counter() - t0
            notebook_seconds = {}
            for province in provinces:
                manifest = json.loads((Path(out) / "reports" / province / "manifest.json").read_text(encoding="utf-8"))
                notebook_seconds[province] = {n["name"]: n["seconds"] for n in manifest["notebooks"]}
        results.append({"jobs": jobs, "wall_seconds": round(wall, 1), "ok": all(r.ok for r in runs),
                        "province_seconds": {r.province: round(r.seconds, 1) for r in runs},
                        "notebook_seconds": notebook_seconds})
        print(f"--jobs {jobs}: {wall:6.1f} s wall for {len(provinces)} provinces "
              f"({', '.join(f'{r.province} {r.seconds:.1f} s' for r in runs)})")
    Path(__file__).with_name("results-runs.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
