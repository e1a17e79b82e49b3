"""Time the spatial Durbin panel model (helpers.econometrics.sdm_panel) by panel size (see README.md).

Synthetic panels: regions at random points in the unit square, W = their k nearest neighbours
(row-standardised, not symmetric), y from an SDM with ρ = 0.4, two-way fixed effects and three
regressors. For each size: the whole fit with its defaults (two-way effects, Lee–Yu correction,
1,000 draws for the effects; up to 1,000 regions the eigenvalues of W and the information matrix,
above them the sparse LU log-determinant, the analytic Hessian and Monte Carlo traces), best of
``--repeat``, with the ratio of each time to the smallest panel's; also the LM tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import libpysal
import numpy as np
import pandas as pd

from helpers import econometrics


def panel(regions: int, years: int, k: int = 6, seed: int = 0):
    rng = np.random.default_rng(seed)
    points = rng.random((regions, 2))
    w = libpysal.weights.KNN(points, k=k)
    w.transform = "r"
    W = w.sparse.tocsr()
    from scipy import sparse
    from scipy.sparse.linalg import splu

    lu = splu((sparse.identity(regions, format="csc") - 0.4 * W).tocsc())
    beta, theta = np.array([1.0, -0.5, 0.2]), np.array([0.5, 0.3, 0.0])
    mu = rng.normal(size=regions)
    X = rng.normal(size=(years, regions, 3))
    Y = np.array([lu.solve(X[t] @ beta + W @ X[t] @ theta + mu + 0.1 * t + rng.normal(size=regions))
                  for t in range(years)])
    index = pd.MultiIndex.from_product([w.id_order, range(2000, 2000 + years)], names=["region_code", "year"])
    y = pd.Series(Y.T.ravel(), index=index)
    frame = pd.DataFrame(X.transpose(1, 0, 2).reshape(regions * years, 3), index=index, columns=["x1", "x2", "x3"])
    return y, frame, w


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, nargs="+", default=[300, 2851])
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--logdet", default="auto", choices=["auto", "eigen", "sparse"])
    args = parser.parse_args()
    rows = []
    for n in args.regions:
        y, X, w = panel(n, args.years)
        seconds, fit = best(lambda y=y, X=X, w=w: econometrics.sdm_panel(y, X, w, logdet=args.logdet),
                            args.repeat)
        lm_seconds, _ = best(lambda y=y, X=X, w=w: econometrics.lm_tests(y, X, w), args.repeat)
        rows.append({"regions": n, "years": args.years, "sdm_seconds": seconds, "lm_seconds": lm_seconds,
                     "logdet": fit.logdet_method, "cov": fit.cov_method,
                     "rho": float(fit.coefficients.loc["rho", "estimate"])})
    table = pd.DataFrame(rows).set_index("regions")
    base = table["sdm_seconds"].iloc[0]
    table["ratio"] = table["sdm_seconds"] / base
    print(f"sdm_panel, two-way effects, {args.years} years, 3 regressors, best of {args.repeat}, "
          f"Python {platform.python_version()}, {platform.machine()}")
    print(table.to_string(float_format=lambda v: f"{v:8.3f}"))
    print("ratio to the smallest: " + "  ".join(f"{n}: {r:.1f}x" for n, r in table["ratio"].items()))
    out = Path(__file__).with_name("results-econometrics.json")
    out.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
