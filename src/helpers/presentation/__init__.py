"""What a reader sees: every word in English and Chinese (``labels``), figures (``charts``,
``plotting``), generated interpretations (``narrative``), thesis tables (``tables``) and the
exports of a run (``exports``: LaTeX, Excel, the HTML appendix)."""
