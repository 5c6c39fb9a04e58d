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

# Every dependency pinned with its hashes (uv pip compile, one universal lock for Python
# 3.10+ on every platform). `make setup` installs exactly these; `make lock` refreshes it.
LOCK   := requirements.lock
# setuptools and wheel are locked too (hpresearch is installed without build isolation, so
# installing needs nothing that is not in the lock), and so is pip itself.
LOCK_EXTRA := 'setuptools>=69' 'wheel' 'pip'

.PHONY: help setup test test-fast reports lab explore notebooks check benchmarks clean clean-reports lock

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort

# Reinstall only when the declared or locked dependencies change (idempotent, fast re-runs).
# Installing from the lock needs no dependency resolution: pip checks every file against its
# hash (--require-hashes) and installs exactly the pinned versions (--no-deps). First the
# locked pip (faster than the one venv bundles), then everything else; bytecode is compiled
# on first import rather than for every module at install time (--no-compile: about half
# the install time; benchmarks/README.md).
PIPOPTS := --quiet --disable-pip-version-check --require-hashes --no-deps
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "hpresearch needs Python 3.10 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	awk '/^pip==/{p=1; print; next} p && /^ +--hash/{print; next} p{exit}' $(LOCK) > $(VENV)/pip.lock
	$(PY) -m pip install $(PIPOPTS) -r $(VENV)/pip.lock
	$(PY) -m pip install $(PIPOPTS) --no-compile -r $(LOCK)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check >/dev/null || { $(PY) -m pip check; exit 1; }
	$(PY) -m ipykernel install --sys-prefix --name hpresearch --display-name "Python (hpresearch)" >/dev/null
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install hpresearch with exactly the locked dependencies

lock:  ## refresh requirements.lock from pyproject.toml with uv (UPGRADE=1: newest allowed versions)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m uv --version >/dev/null 2>&1 || $(PY) -m pip install --quiet uv
	printf '%s\n' $(LOCK_EXTRA) | $(PY) -m uv pip compile pyproject.toml - --extra dev \
		--universal --python-version 3.10 --generate-hashes --quiet \
		--custom-compile-command "make lock" $(if $(UPGRADE),--upgrade,) -o $(LOCK)

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

# Settings (preheated kernel, idle kernels culled after 10 minutes, no CDN): hpresearch/explore/serve.py
explore: setup  ## serve the scenario explorer as a page without code (Voilà) at http://$(IP):$(EXPLORE_PORT)/
	$(PY) -m hpresearch.explore.serve --ip $(IP) --port $(EXPLORE_PORT)

notebooks: setup  ## bring every notebooks/*.py and *.ipynb pair in step (jupytext), outputs cleared
	$(BIN)/jupytext --sync notebooks/*.ipynb
	$(BIN)/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb

benchmarks: setup  ## print the speed figures recorded in benchmarks/README.md
	for f in benchmarks/bench_*.py benchmarks/render.py benchmarks/incremental.py; do $(PY) $$f || exit 1; done

clean-reports:  ## delete rendered reports (keeps reports/README.md)
	find reports -mindepth 1 ! -name README.md -exec rm -rf {} +

clean: clean-reports  ## delete the virtual environment too
	rm -rf $(VENV)
