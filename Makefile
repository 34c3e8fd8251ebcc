# Two commands: `make run` (set up and serve the demo on SQLite) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
# A PostgreSQL server to run the tests on as well; found on 127.0.0.1:5432 when not given.
DIBAO_TEST_POSTGRES ?=

# `make serve`: production on this machine, with the settings the environment gives
# (docs/operations.md: DIBAO_SECRET_KEY, DIBAO_ALLOWED_HOSTS, DATABASE_URL …).
.PHONY: install run serve test lint typecheck pytest pytest-postgres messages bench clean

$(BIN)/dibao: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/dibao

install: $(BIN)/dibao

# The worker (background jobs: imports, payroll drafts) runs beside the server; Ctrl-C stops both.
run: install
	$(BIN)/dibao migrate --noinput -v0
	$(BIN)/dibao demo-data --once
	$(BIN)/dibao db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/dibao runserver $(HOST)

# The static files collected (hashed, compressed), then gunicorn and the worker; Ctrl-C or SIGTERM
# stops both. Run `dibao migrate` first on a new or upgraded database: serve refuses until then.
serve: install
	export DJANGO_SETTINGS_MODULE="$${DJANGO_SETTINGS_MODULE:-dibao.config.settings.production}"; \
	$(BIN)/dibao collectstatic --noinput -v0 && exec $(BIN)/dibao serve --bind $(HOST)

test: lint typecheck pytest pytest-postgres

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy src

# One test process per core (pytest-xdist); PYTEST_WORKERS=0 runs them in this process alone.
PYTEST_WORKERS ?= auto

pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Runs when DIBAO_TEST_POSTGRES is set or a server answers on 127.0.0.1:5432; fails when
# DIBAO_REQUIRE_POSTGRES=1 and none does (CI).
pytest-postgres: install
	@url="$(DIBAO_TEST_POSTGRES)"; \
	if [ -z "$$url" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null; then \
		url="postgres://postgres@127.0.0.1:5432/dibao"; fi; \
	if [ -n "$$url" ]; then echo "== tests on PostgreSQL ($$url)"; DATABASE_URL="$$url" $(BIN)/pytest -n $(PYTEST_WORKERS); \
	elif [ "$$DIBAO_REQUIRE_POSTGRES" = "1" ]; then echo "PostgreSQL required but not reachable" >&2; exit 1; \
	else echo "== no PostgreSQL on 127.0.0.1:5432 and DIBAO_TEST_POSTGRES unset: PostgreSQL tests skipped"; fi

# Regenerate the translation catalogues after changing user-facing text, then compile them.
messages: install
	cd src/dibao && for app in $$(ls -d */locale | cut -d/ -f1); do \
		(cd $$app && ../../../$(BIN)/dibao makemessages -l zh_Hans --no-obsolete -v0); done
	cd src/dibao && for app in $$(ls -d */locale | cut -d/ -f1); do \
		(cd $$app && ../../../$(BIN)/dibao compilemessages -v0); done

# Benchmarks (minutes, not seconds); figures go in bench/README.md.
bench: install
	$(BIN)/python bench/import_roster.py
	$(BIN)/python bench/search_households.py
	$(BIN)/python bench/crosscheck.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
