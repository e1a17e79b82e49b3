"""The mathematics of the analysis chain: one pure module per method family.

Modules here take and return numpy/pandas objects, never read or write files and import nothing
from the rest of ``helpers``; the libraries of the field (scipy, PySAL) do the heavy lifting where
they exist. Each module's docstring states its formulas and the published sources they follow.
"""
