# Flashpoint: two commands on a fresh machine.
#   make demo  -> .venv, install, run the bundled sample reports, write flashpoint-demo.db, print a sitrep
#   make test  -> .venv, install, ruff, mypy --strict src/, pytest (with coverage; PostgreSQL tests when possible)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench eval clean install mutation readme static

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

# The dashboard's map libraries (Leaflet, leaflet.markercluster, topojson-client, Natural Earth outlines from
# world-atlas) come from the npm registry at the versions pinned in package-lock.json and are copied into the
# package's static folder; nothing is loaded from a CDN at run time. Without npm the step says so and the rest
# of Flashpoint (API, CLI) works; the dashboard then shows how to install them.
NPM ?= npm
VENDOR := src/flashpoint/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed

$(VENDOR_STAMP): package.json package-lock.json
	@if command -v $(NPM) >/dev/null 2>&1 && $(NPM) ci --no-audit --no-fund --ignore-scripts --loglevel=error; then \
	  rm -rf $(VENDOR) && mkdir -p $(VENDOR)/images && \
	  cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css $(VENDOR)/ && \
	  cp node_modules/leaflet/dist/images/*.png $(VENDOR)/images/ && \
	  cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js $(VENDOR)/ && \
	  cp node_modules/leaflet.markercluster/dist/MarkerCluster.css $(VENDOR)/ && \
	  cp node_modules/leaflet.markercluster/dist/MarkerCluster.Default.css $(VENDOR)/ && \
	  cp node_modules/topojson-client/dist/topojson-client.min.js $(VENDOR)/ && \
	  cp node_modules/world-atlas/countries-50m.json $(VENDOR)/ && \
	  for p in leaflet leaflet.markercluster topojson-client world-atlas; do \
	    cp node_modules/$$p/*LICEN[CS]E* $(VENDOR)/LICENSE.$$p 2>/dev/null || true; done && \
	  touch $(VENDOR_STAMP); \
	else \
	  echo "WARNING: npm missing or failed: the dashboard's map libraries were not installed (the API and CLI work; install Node.js + npm and run 'make static')"; \
	fi

static: $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP)

demo: $(STAMP) $(VENDOR_STAMP)
	rm -f flashpoint-demo.db
	$(BIN)/flashpoint demo --db sqlite:///flashpoint-demo.db

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src/

# coverage, and the PostgreSQL tests whenever a server can be started (loud when they are skipped)
pytest: $(STAMP) $(VENDOR_STAMP)
	BIN=$(BIN) bash .ci/pytest.sh

# mutation testing of the rules (slow: run it on purpose, never in `make test`); see docs/testing.md.
# One target at a time (`make mutation MUTATION_TARGETS=flashpoint.fuse.scoring*` for one), then the
# survivors in mutation-results.txt and the killed share per target.
MUTATION_TARGETS ?= flashpoint.extract.quantities* flashpoint.fuse.scoring* flashpoint.extract.figures* \
	flashpoint.extract.attribution* flashpoint.export*
mutation: $(STAMP)
	set -e; for target in $(MUTATION_TARGETS); do nice $(BIN)/mutmut run --max-children 2 "$$target"; done
	$(BIN)/mutmut results > mutation-results.txt
	$(BIN)/mutmut results --all true | $(BIN)/python .ci/mutation-summary.py

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Write today's `flashpoint sitrep` output into the README sample (tests/test_readme.py checks it).
readme: $(STAMP)
	$(BIN)/python tests/test_readme.py --update

eval: $(STAMP)
	$(BIN)/flashpoint eval all --data ../shared/data

clean:
	rm -rf $(VENV) node_modules $(VENDOR) flashpoint-demo.db .mypy_cache .ruff_cache .pytest_cache .coverage mutants
