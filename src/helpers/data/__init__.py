"""The data contract: a province is a folder (``province.toml``, ``regions.csv``,
``indicators.csv``, ``panel.csv``/``.xlsx``), checked as a whole before anything runs, and every
result is a table of the output catalog, written the same way every time."""
