# The two quick-start commands are `make run` and `make test`; each sets itself up.
# Django 6 needs Python 3.12 or newer: scripts/find-python finds one (PATH, then pyenv).
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgres bench eval lint format clean

install: $(STAMP)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "make: no Python 3.12 or newer found (see scripts/find-python)"; exit 1; }
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Serve the ledger on http://127.0.0.1:8000 (SQLite under ./var, demo data loaded once); see `xiezuo serve --help`.
run: install
	$(BIN)/xiezuo serve

test: install
	$(BIN)/python -m pytest

# The Django tests (apps and browser) again on PostgreSQL: DATABASE_URL when it names one, otherwise
# the server scripts/start-postgres starts (Debian's postgresql package). Checks which database it got.
test-postgres: install
	@url="$${DATABASE_URL:-}"; case "$$url" in postgres*) ;; *) url=$$(scripts/start-postgres) || exit 1 ;; esac; \
	export DATABASE_URL="$$url" DJANGO_SETTINGS_MODULE=xiezuo.web.settings; \
	$(BIN)/python -c 'import django; django.setup(); from django.db import connection as c; c.ensure_connection(); print("test-postgres:", c.vendor, c.pg_version, "at", c.settings_dict["HOST"], c.settings_dict["PORT"]); assert c.vendor == "postgresql"' && \
	$(BIN)/python -m pytest src/xiezuo/apps tests/browser

bench: install
	$(BIN)/python -m bench

# Extraction quality per field over ../shared/corpus/clean_ewc (also part of `make bench`).
eval: install
	$(BIN)/python -m bench eval

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
