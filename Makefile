# Frivilligportalen: `make run` serves the site with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1:8000
# The suite runs on two processes (pytest-xdist), each with its own test database.
PYTEST_ARGS ?= -n 2

# Development defaults; the environment may override each of them.
export DEBUG ?= true

.PHONY: run test setup install lint format messages check-deploy clean bench burst

# The task worker (it sends the mail) runs beside the server and stops when the server stops.
run: setup
	$(MANAGE) load_demo
	$(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

setup: install
	$(MANAGE) compiletranslations
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

install: $(VENV)/.installed node_modules/.installed

# Issue #13: every main page beside a bare Django view, gunicorn on PostgreSQL with the scale
# data (DATABASE_URL, or a throwaway cluster when it is unset); results in benchmarks/results/.
BENCH_SIZE ?= large
bench: install
	[ -x /usr/bin/wrk ] || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk; }
	[ -n "$$DATABASE_URL" ] || [ -x /usr/lib/postgresql/15/bin/initdb ] || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15; }
	$(MANAGE) compiletranslations
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) benchmarks/run.py --size $(BENCH_SIZE)

# Issue #13: 200 citizens register interest in 5 opportunities within a minute (gunicorn with 2
# workers, two task workers, PostgreSQL as for bench); result in benchmarks/results/burst.json.
burst: install
	[ -n "$$DATABASE_URL" ] || [ -x /usr/lib/postgresql/15/bin/initdb ] || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends postgresql-15; }
	$(MANAGE) compiletranslations
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(PY) benchmarks/burst.py

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the catalogues after changing strings; then translate what is new in locale/da.
messages: install
	$(MANAGE) makemessages --locale da --locale en --no-location --no-obsolete \
		--ignore 'node_modules/*' --ignore 'staticfiles/*' --ignore '.venv/*' --ignore 'tests/*'

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
