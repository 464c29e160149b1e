# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format assets bench clean

$(VENV)/.run-installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## run: create the virtual environment, install, migrate, load demo data, serve on http://127.0.0.1:5000
## with the worker beside it (email, reminders, purges: see the staff console's scheduled jobs)
run: export PORTAL_ENV = development
run: export PUBLIC_URL ?= http://$(if $(filter 0.0.0.0,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
run: $(VENV)/.run-installed
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi demo-data
	scripts/run-with-worker $(BIN)/flask $(HOST) $(PORT)

## test: install the test tools and run every layer (lint, unit, integration on SQLite and
## PostgreSQL, migrations, browser). Layers whose server or browser is missing skip with a
## reason unless REQUIRE_POSTGRES=1 / REQUIRE_BROWSER=1 / REQUIRE_REDIS=1.
test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: measure throughput, page weight, booking time and queries per page at borough scale
## (needs PostgreSQL, Redis, wrk and Chromium; writes docs/benchmarks.md; about 4 minutes)
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## assets: rebuild static/css and static/js from the pinned npm packages (needs Node)
assets:
	scripts/build-assets

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
