# hpresearch — two commands from a fresh clone: `make reports` and `make test`.
# Only python3 (3.10+) and make are needed; everything else is installed into .venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.hpresearch-installed
JOBS   ?= 2

.PHONY: help setup test test-fast reports lab notebooks check benchmarks clean clean-reports

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

# Reinstall only when the declared dependencies change (idempotent and fast on re-runs).
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "hpresearch needs Python 3.10 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name hpresearch --display-name "Python (hpresearch)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install hpresearch with its dependencies

test: setup  ## run every test (unit, property, notebooks end to end)
	$(PY) -m pytest -n $(JOBS) -q

test-fast: setup  ## skip the slow notebook tests
	$(PY) -m pytest -n $(JOBS) -q -m "not slow"

check: setup  ## validate the shipped data and scenarios
	$(BIN)/hpresearch data check

reports: setup  ## render the default report set into reports/ (index: reports/index.html)
	$(BIN)/hpresearch render --all --lang all --jobs $(JOBS)

lab: setup  ## start JupyterLab on the notebooks with hpresearch importable
	$(BIN)/jupyter lab --notebook-dir=.

notebooks: setup  ## bring every notebooks/*.py and *.ipynb pair in step (jupytext), outputs cleared
	$(BIN)/jupytext --sync notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb

benchmarks: setup  ## print the speed figures recorded in benchmarks/README.md
	for f in benchmarks/bench_*.py benchmarks/render.py; do $(PY) $$f || exit 1; done

clean-reports:  ## delete rendered reports (keeps reports/README.md)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +

clean: clean-reports  ## delete the virtual environment too
	rm -rf $(VENV)
