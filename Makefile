# hpresearch — two commands from a fresh clone: `make reports` and `make test`.
# Only python3 (3.10+) and make are needed; everything else is installed into .venv.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.hpresearch-installed
JOBS   ?= 2
# JupyterLab / Voilà: listen on the loopback only and open no browser (a container has none);
# as root (uid 0, e.g. in a container) Jupyter refuses to start without --allow-root.
IP     ?= 127.0.0.1
PORT   ?= 8888
EXPLORE_PORT ?= 8866
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup test test-fast reports lab explore notebooks check benchmarks clean clean-reports

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

lab: setup  ## start JupyterLab with hpresearch importable (open the printed URL; explorer: notebooks/05_explorer.ipynb)
	$(BIN)/jupyter lab --notebook-dir=. --no-browser --ip=$(IP) --port=$(PORT) $(ROOT_FLAG)

explore: setup  ## serve the scenario explorer as a page without code (Voilà) at http://$(IP):$(EXPLORE_PORT)/
	$(BIN)/voila notebooks/05_explorer.ipynb --no-browser --Voila.ip=$(IP) --port=$(EXPLORE_PORT)

notebooks: setup  ## bring every notebooks/*.py and *.ipynb pair in step (jupytext), outputs cleared
	$(BIN)/jupytext --sync notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb

benchmarks: setup  ## print the speed figures recorded in benchmarks/README.md
	for f in benchmarks/bench_*.py benchmarks/render.py; do $(PY) $$f || exit 1; done

clean-reports:  ## delete rendered reports (keeps reports/README.md)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +

clean: clean-reports  ## delete the virtual environment too
	rm -rf $(VENV)
