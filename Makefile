# The two commands a newcomer needs are `make demo` and `make test`; the rest serve them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB ?= demo.db
DEMO_PORT ?= 8000

.PHONY: install demo test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	# The image's pip 23.2 mis-resolves some packages: upgrade it first.
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

demo: install
	rm -f $(DEMO_DB)
	$(BIN)/khronika --db $(DEMO_DB) init
	$(BIN)/khronika --db $(DEMO_DB) ingest demo/corpus --csv-text description --csv-title title --csv-date date --csv-url source_url
	$(BIN)/khronika --db $(DEMO_DB) cases build
	$(BIN)/khronika --db $(DEMO_DB) stats
	$(BIN)/khronika --db $(DEMO_DB) serve --demo --port $(DEMO_PORT)

test: install
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check khronika tests benchmarks
	$(BIN)/ruff format --check khronika tests benchmarks
	$(BIN)/mypy

bench: install
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[bench]'
	$(BIN)/python benchmarks/ingest_speed.py --docs 1000 --no-extract
	$(BIN)/python benchmarks/ingest_speed.py --docs 1000
	$(BIN)/python benchmarks/extract_speed.py
	$(BIN)/python benchmarks/component_speed.py
	$(BIN)/python benchmarks/web_speed.py

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache .mypy_cache .ruff_cache
