"""Running the chain: the context every notebook opens, the papermill runner, the manifest of a
run and the command line ``python -m helpers``."""
