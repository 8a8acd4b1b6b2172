# Regie — `make run` serves the demo portal on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium-headless-shell

.PHONY: run test lint check-migrations worker chromium lock clean bench soak

# `make run` installs the runtime packages only; tests, lint and the tools add the development packages.
$(VENV)/.runtime: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

$(VENV)/.installed: $(VENV)/.runtime requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
	touch $@

run: $(VENV)/.runtime
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) runserver $(HOST):$(PORT)

# On every core (pytest-xdist, one test database per worker), in a random order (pytest-randomly; the seed
# is printed at the top; `pytest --randomly-seed=<seed>` repeats an order, `-p no:randomly` runs in file order).
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed chromium
	$(PY) -m pytest -n $(PYTEST_WORKERS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

check-migrations: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

# A Celery worker with beat, for when CELERY_BROKER_URL points at Redis (or RabbitMQ).
worker: $(VENV)/.runtime
	$(VENV)/bin/celery -A regie worker --beat --loglevel=info

# The benchmark (docs/performance.md), on PostgreSQL: DATABASE_URL must point at a database of its own.
# Generates BENCH_INCIDENTS incidents and BENCH_CHANGES changes when it has none, then measures.
BENCH_INCIDENTS ?= 1000000
BENCH_CHANGES ?= 100000
BENCH_ARGS ?=
# BENCH_SIZES=20000,1000000: one database per size instead (regie_bench_<size> on DATABASE_URL's server, created and
# loaded when empty, with a tenth as many changes), each measured, then their p95 compared (bench/sizes.py).
BENCH_SIZES ?=
# The loader (manage.py, local settings) and the served portal (bench settings) seal history rows with one key,
# so that `manage.py verify_audit` finds the benchmark's database intact, the portal's own writes included.
bench: export AUDIT_CHAIN_KEY := $(or $(AUDIT_CHAIN_KEY),benchmark-audit-chain-key)
bench: $(VENV)/.installed
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make bench needs DATABASE_URL=postgres://…/<a database of its own>"; exit 2;; esac
ifeq ($(BENCH_SIZES),)
	$(MANAGE) migrate --noinput
	$(MANAGE) generate_load --if-empty --incidents $(BENCH_INCIDENTS) --changes $(BENCH_CHANGES)
	$(PY) -m bench.run $(BENCH_ARGS)
else
	$(PY) -m bench.sizes $(BENCH_SIZES) $(BENCH_ARGS)
endif

# The bounded load test (soak/run.py): 20 clients filing and working incidents for 60 s against gunicorn on
# loopback; fails on any 5xx or on a database that differs from what the clients were told. PostgreSQL only,
# in a database of its own (created when missing).
soak: $(VENV)/.installed
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make soak needs DATABASE_URL=postgres://…/<a database of its own>"; exit 2;; esac
	$(PY) -m soak.run

# Browser tests drive Debian's headless Chromium; Playwright's own browser download is not used.
chromium:
	@test -x $(CHROMIUM) || { \
		echo "Installing headless Chromium from Debian's packages for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium-headless-shell; }

# Re-pin every dependency after changing pyproject.toml: the runtime set, then the development set on top of it.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet .
	.lock-venv/bin/pip freeze --exclude regie > requirements.lock
	.lock-venv/bin/pip install --quiet ".[test]"
	echo "# Tests, lint and the development tools, installed on top of requirements.lock (make lock writes both)." \
		> requirements-dev.lock
	.lock-venv/bin/pip freeze --exclude regie | grep -v -x -i -F -f requirements.lock >> requirements-dev.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var staticfiles
