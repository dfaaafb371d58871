# Two commands matter (see README):
#   make demo   set up a virtualenv, install, and run the DeepSeek-story scenario on the bundled data
#   make test   set up the same virtualenv (with test extras) and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test setup setup-test bench-env clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Not an editable install: the screening hot path is compiled (setup.py), and a compiled module left in src/
# would shadow later edits of its source. Each run rebuilds from scratch (build/ is where setuptools leaves
# compiled modules between runs) and reinstalls, so the venv always holds the current code.
setup: $(BIN)/python
	rm -rf build
	$(BIN)/python -m pip install --quiet .

setup-test: $(BIN)/python
	rm -rf build
	$(BIN)/python -m pip install --quiet '.[test]'

demo: setup
	$(BIN)/chipcontrols demo

test: setup-test
	$(BIN)/python -m pytest

# The screening benchmarks' own virtualenv: the package as users install it (compiled), plus the matchers it
# is compared with, which are never dependencies of chipcontrols. Then: .venv-bench/bin/python benchmarks/...
bench-env:
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --upgrade pip
	rm -rf build
	.venv-bench/bin/python -m pip install --quiet . nomenklatura==4.17.4 sanctions-screening-benchmark==0.1.0

clean:
	rm -rf $(VENV) .venv-bench build src/*.egg-info .mypy_cache .pytest_cache .hypothesis
