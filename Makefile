# Flashpoint: two commands on a fresh machine.
#   make demo  -> .venv, install, run the bundled sample reports, write flashpoint-demo.db, print a sitrep
#   make test  -> .venv, install, ruff, mypy --strict src/, pytest (with coverage; PostgreSQL tests when possible)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench eval clean install mutation readme

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f flashpoint-demo.db
	$(BIN)/flashpoint demo --db sqlite:///flashpoint-demo.db

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/

# coverage, and the PostgreSQL tests whenever a server can be started (loud when they are skipped)
pytest: $(STAMP)
	BIN=$(BIN) bash .ci/pytest.sh

# mutation testing of the rules (slow: run it on purpose, never in `make test`); see docs/testing.md
mutation: $(STAMP)
	nice $(BIN)/mutmut run --max-children 2; $(BIN)/mutmut results > mutation-results.txt || true

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Write today's `flashpoint sitrep` output into the README sample (tests/test_readme.py checks it).
readme: $(STAMP)
	$(BIN)/python tests/test_readme.py --update

eval: $(STAMP)
	$(BIN)/flashpoint eval all --data ../shared/data

clean:
	rm -rf $(VENV) flashpoint-demo.db .mypy_cache .ruff_cache .pytest_cache .coverage mutants
