# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The suite runs on every core, a test file to each worker (pytest-xdist): files keep their
# module-scoped servers and browsers. `make test PYTEST_ARGS=-n0` runs it in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint format assets bench lock clean

# Every install comes from a lock file with hashes (requirements/, made by `make lock`), so it
# is the same on every machine; the portal itself is then installed editable, without its deps.
$(VENV)/.run-installed: requirements/run.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/run.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.txt $(VENV)/.run-installed
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.txt
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
## and, since round two, signed-in pages, a booking burst and memory (needs PostgreSQL, Redis, wrk and
## Chromium; writes docs/benchmarks.md; about 10 minutes; BENCH_ARGS="--only burst" runs one part)
bench: $(VENV)/.dev-installed
	$(BIN)/python bench/run.py $(BENCH_ARGS)

## assets: rebuild static/css and static/js from the pinned npm packages (needs Node)
assets:
	scripts/build-assets

## lock: re-resolve the dependencies in pyproject.toml into the hashed lock files under requirements/
## (production.txt for hosts, run.txt for `make run`, dev.txt for `make test`), all the same versions
lock: $(VENV)/.dev-installed
	scripts/lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
