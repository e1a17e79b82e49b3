"""Time the numeric chain of the method helpers on synthetic panels of growing size (see README.md).

For each size: normalisation, entropy weights (pooled and per year), dimension and system scores,
coupling, obstacle degrees and kernel densities, best of ``--repeat``, with the peak memory the
chain allocates (tracemalloc) and the ratio of each total to the smallest panel's; and, once, the
1,000-replicate block bootstrap of notebook 13.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import comparison, coupling, density, obstacle, robustness, weights


def panel(regions: int, years: int, indicators: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    index = pd.MultiIndex.from_product([[f"{100000 + i}" for i in range(regions)], range(2000, 2000 + years)],
                                       names=["region_code", "year"])
    ids = [f"x{j:02d}" for j in range(indicators)]
    X = pd.DataFrame(rng.gamma(2.0, 10.0, (len(index), len(ids))), index=index, columns=ids)
    half = indicators // 2
    ind = pd.DataFrame({"id": ids, "system": ["A"] * half + ["B"] * (len(ids) - half),
                        "dimension": [f"d{j // 5}" for j in range(len(ids))]})
    return X, ind, {i: "+" if j % 4 else "-" for j, i in enumerate(ids)}


def chain_steps(X, ind, directions) -> dict:
    """The steps of notebooks 02–07 on one panel, as callables sharing their results."""
    state: dict = {}
    return {
        "normalize": lambda: state.__setitem__("Z", weights.normalize(X, directions)),
        "entropy weights (pooled)": lambda: state.__setitem__("w", weights.indicator_weights(state["Z"], ind)),
        "entropy weights (per-year)": lambda: weights.indicator_weights(state["Z"], ind, mode="per-year"),
        "dimension + system scores": lambda: state.__setitem__(
            "scores", weights.system_scores(weights.dimension_scores(state["Z"], state["w"], ind))),
        "coupling table": lambda: coupling.coupling_table(
            state["scores"].pivot(index=["region_code", "year"], columns="system", values="score"), None, "standard", 0.1),
        "obstacle table": lambda: obstacle.obstacle_table(state["Z"] - 0.0001, state["w"]),
        "dispersion": lambda: comparison.dispersion(state["scores"].rename(columns={"system": "measure", "score": "value"})),
        "kernel density": lambda: density.kde_table(state["scores"].rename(columns={"system": "measure", "score": "value"})),
    }


def time_chain(regions: int, years: int, indicators: int, repeat: int) -> dict:
    X, ind, directions = panel(regions, years, indicators)
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, step in chain_steps(X, ind, directions).items():
            t0 = time.perf_counter()
            step()
            best[name] = min(best.get(name, np.inf), time.perf_counter() - t0)
    own = robustness.Variant("entropy", "pooled", "standard", 0.0001)
    system = ind.assign(direction=[directions[i] for i in ind["id"]])
    t0 = time.perf_counter()
    robustness.bootstrap(X, system, ["A", "B"], own, reps=1000, seed=0)
    bootstrap_seconds = time.perf_counter() - t0
    tracemalloc.start()
    for step in chain_steps(X, ind, directions).values():
        step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"regions": regions, "years": years, "indicators": indicators, "steps": best,
            "total": sum(best.values()), "peak_mb": peak / 2**20, "bootstrap_1000": bootstrap_seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, nargs="+", default=[8, 30, 300, 2851])
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = [time_chain(n, args.years, args.indicators, args.repeat) for n in args.regions]
    steps = pd.DataFrame({f"{r['regions']} regions": r["steps"] for r in results})
    steps.loc["total"] = [r["total"] for r in results]
    print(f"numeric chain, best of {args.repeat}, {args.years} years x {args.indicators} indicators, "
          f"Python {platform.python_version()}, {platform.machine()}")
    print((steps * 1000).round(1).to_string(float_format=lambda v: f"{v:9.1f}") + "   (ms)")
    base = results[0]["total"]
    print("ratio to the smallest: " + "  ".join(f"{r['regions']}: {r['total'] / base:.1f}x" for r in results))
    print("peak memory (MB):      " + "  ".join(f"{r['regions']}: {r['peak_mb']:.0f}" for r in results))
    print("bootstrap, 1,000 replicates over the regions (notebook 13, s): "
          + "  ".join(f"{r['regions']}: {r['bootstrap_1000']:.2f}" for r in results))
    out = Path(__file__).with_name("results-methods.json")
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
