"""Helpers for the rural–urban coupling notebooks.

One module per method family (weights, coupling, comparison, density, obstacle, grey) plus the
plumbing every notebook shares (paths, config, io, validate, cleaning, plotting, runner, cli).
Notebooks only call these functions; the formulas live here, each documented where it is defined.
"""

__version__ = "0.1.0"
