"""Time the method helpers on a large synthetic panel (see benchmarks/README.md)."""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import comparison, coupling, density, grey, obstacle, weights


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    index = pd.MultiIndex.from_product([[f"{100000 + i}" for i in range(args.regions)], range(2000, 2000 + args.years)],
                                       names=["region_code", "year"])
    ids = [f"x{j:02d}" for j in range(args.indicators)]
    X = pd.DataFrame(rng.gamma(2.0, 10.0, (len(index), len(ids))), index=index, columns=ids)
    half = args.indicators // 2
    ind = pd.DataFrame({"id": ids, "system": ["A"] * half + ["B"] * (len(ids) - half),
                        "dimension": [f"d{j // 5}" for j in range(len(ids))]})
    directions = {i: "+" if j % 4 else "-" for j, i in enumerate(ids)}
    Z = weights.normalize(X, directions)
    w = weights.indicator_weights(Z, ind)
    dims = weights.dimension_scores(Z, w, ind)
    scores = weights.system_scores(dims)
    U = scores.pivot(index=["region_code", "year"], columns="system", values="score")
    measures = scores.rename(columns={"system": "measure", "score": "value"})
    first_region = Z.xs(index[0][0], level="region_code")

    cases = {
        "normalize": lambda: weights.normalize(X, directions),
        "entropy weights (pooled)": lambda: weights.indicator_weights(Z, ind),
        "entropy weights (per-year)": lambda: weights.indicator_weights(Z, ind, mode="per-year"),
        "dimension + system scores": lambda: weights.system_scores(weights.dimension_scores(Z, w, ind)),
        "coupling table": lambda: coupling.coupling_table(U, None, "standard", 0.1),
        "obstacle table": lambda: obstacle.obstacle_table(Z - 0.0001, w),
        "grey grade (one region)": lambda: grey.relational_grade(first_region[ids[0]], first_region[ids[1:]]),
        "kernel density": lambda: density.kde_table(measures),
        "dispersion": lambda: comparison.dispersion(measures),
    }
    rows = [{"case": name, "seconds": best_of(fn, args.repeat)} for name, fn in cases.items()]
    table = pd.DataFrame(rows)
    size = f"{args.regions} regions x {args.years} years x {args.indicators} indicators"
    print(f"best of {args.repeat}, {size}, Python {platform.python_version()}")
    print(table.to_string(index=False, float_format=lambda v: f"{v * 1000:9.2f} ms"))
    out = Path(__file__).with_name("results-methods.json")
    out.write_text(json.dumps({"size": size, "repeat": args.repeat, "results": rows}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
