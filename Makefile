# Two commands do everything on a fresh machine:
#   make serve   build the graph and serve the web UI on the embedded store
#   make test    run the whole test suite (installs what the tests need)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist; a test file stays in one process so its fixtures are shared).
TEST_WORKERS ?= 2
# Region map boundaries (TopoJSON); not part of the repo. See docs/regions.md.
KG_BOUNDARIES ?= $(wildcard ../shared/regions/nl-vr-gm-2023.topo.json)
export KG_BOUNDARIES

.PHONY: serve test build validate bench bench-endpoint soak screenshots

serve:
	@scripts/setup.sh
	$(VENV)/bin/kg build
	$(VENV)/bin/kg serve --host $(HOST) --port $(PORT) --no-build

test:
	@scripts/setup.sh --test
	@$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests collected"; exit 0; fi; exit $$rc

build:
	@scripts/setup.sh
	$(VENV)/bin/kg build

validate: build
	$(VENV)/bin/kg validate

bench:
	@scripts/setup.sh
	$(PY) bench/store_comparison.py

bench-endpoint:
	@scripts/setup.sh
	$(PY) bench/endpoint.py --out

soak:
	@scripts/setup.sh
	$(PY) bench/soak.py --out

screenshots:
	@scripts/setup.sh --test
	$(PY) scripts/screenshots.py
