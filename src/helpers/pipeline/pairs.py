"""Check that every notebook and its jupytext ``py:percent`` pair hold the same cells.

The ``.py`` files are for review (readable diffs); the ``.ipynb`` files carry the stored outputs
that nbval checks. ``make notebooks`` syncs them; ``make lint`` runs this check.
"""

from __future__ import annotations

from pathlib import Path

from ..data.paths import NOTEBOOKS_DIR


def _cells(notebook) -> list[tuple[str, str]]:
    return [(c.cell_type, c.source.strip()) for c in notebook.cells]


def out_of_sync(folder: Path = NOTEBOOKS_DIR) -> list[str]:
    """One message per notebook whose pair is missing or differs (empty when all are in sync)."""
    import jupytext

    problems = []
    for ipynb in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        script = ipynb.with_suffix(".py")
        if not script.is_file():
            problems.append(f"{ipynb.name}: no paired {script.name}")
            continue
        if _cells(jupytext.read(ipynb)) != _cells(jupytext.read(script)):
            problems.append(f"{ipynb.name} and {script.name} differ: run 'make notebooks'")
    for script in sorted(folder.glob("[0-9][0-9]_*.py")):
        if not script.with_suffix(".ipynb").is_file():
            problems.append(f"{script.name}: no paired {script.with_suffix('.ipynb').name}")
    return problems
