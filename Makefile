# The README's two commands: `make run` (demo on SQLite, tasks in-process) and `make test`
# (the whole suite on PostgreSQL and Redis at 127.0.0.1). Both set everything up first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the product and its tests need: CJK fonts for PDFs, WeasyPrint's Pango,
# Chromium for browser tests, poppler for looking at PDFs, gettext for translations, Node for
# front-end packages from the npm registry.
SYSTEM_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b chromium poppler-utils gettext
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/anquan
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# The local primary and streaming standby of `make replica` (scripts/replica.sh), for tests/core/test_replica.py.
REPLICA_PRIMARY_PORT ?= 5441
REPLICA_STANDBY_PORT ?= 5442
TEST_DATABASE_REPLICA_PRIMARY_URL ?= postgres://postgres@127.0.0.1:$(REPLICA_PRIMARY_PORT)/postgres
TEST_DATABASE_REPLICA_URL ?= postgres://postgres@127.0.0.1:$(REPLICA_STANDBY_PORT)/postgres
# Celery queues by kind (config/settings/base.py: CELERY_TASK_QUEUES); one worker here takes them all.
CELERY_QUEUES ?= $(CELERY_QUEUE_PREFIX)interactive,$(CELERY_QUEUE_PREFIX)exports,$(CELERY_QUEUE_PREFIX)reports,$(CELERY_QUEUE_PREFIX)beat
PYTEST_ARGS ?=

.PHONY: setup system-packages run test replica replica-stop fuzz lint format migrate demo worker clean bench bench-statistics bench-exports bench-dashboard bench-lists bench-load scale-data

setup: system-packages $(VENV)/.installed node_modules/.installed var/.dirs
	@$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
	@echo "setup: ok"

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages:$$missing"; \
	    echo "Install them as root: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

var/.dirs:
	@mkdir -p var/media var/private var/staticfiles
	@touch $@

migrate: setup
	$(BIN)/python manage.py ensure_database
	$(BIN)/python manage.py migrate --noinput -v 0

demo: migrate
	$(BIN)/python manage.py load_demo

# With REDIS_URL set, a real Celery worker (every queue) and beat run beside the web server.
run: demo
	@if [ -n "$$REDIS_URL" ]; then \
	  echo "starting Celery worker and beat on $$REDIS_URL"; \
	  $(BIN)/celery -A config worker -B -s var/celerybeat-schedule -Q $(CELERY_QUEUES) -l warning --concurrency 2 & \
	fi; \
	echo "serving on http://$(HOST):$(PORT)/  (accounts: see README, password anquan2026)"; \
	exec $(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

worker: setup
	$(BIN)/celery -A config worker -B -s var/celerybeat-schedule -Q $(CELERY_QUEUES) -l info

# The import contract and ruff first (make lint), the local primary and standby (make replica),
# then the whole suite.
test: setup lint replica
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  TEST_DATABASE_REPLICA_PRIMARY_URL=$(TEST_DATABASE_REPLICA_PRIMARY_URL) TEST_DATABASE_REPLICA_URL=$(TEST_DATABASE_REPLICA_URL) \
	  $(BIN)/python -m pytest $(PYTEST_ARGS)

# A PostgreSQL primary (port 5441) and its streaming standby (5442), made once with Debian's
# pg_createcluster and pg_basebackup -R and started; nothing to do when both are up. The main
# cluster on 5432 is not touched. `make replica-stop` stops both (their data stays).
replica:
	@REPLICA_PRIMARY_PORT=$(REPLICA_PRIMARY_PORT) REPLICA_STANDBY_PORT=$(REPLICA_STANDBY_PORT) scripts/replica.sh start

replica-stop:
	@REPLICA_PRIMARY_PORT=$(REPLICA_PRIMARY_PORT) REPLICA_STANDBY_PORT=$(REPLICA_STANDBY_PORT) scripts/replica.sh stop

# schemathesis over the whole OpenAPI schema as an official, an enterprise user and anonymous
# (tests/api/test_fuzz.py): 0 server errors and 0 conformance failures; FUZZ_MAX_EXAMPLES
# examples per operation and generation mode bound its time for CI.
FUZZ_MAX_EXAMPLES ?= 6
fuzz: setup
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	  FUZZ_MAX_EXAMPLES=$(FUZZ_MAX_EXAMPLES) $(BIN)/python -m pytest -m fuzz -s -p no:logging tests/api/test_fuzz.py

# ruff, and the layers of the apps (.importlinter: each app imports only the apps below it).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules var test-artifacts

# Benchmarks print figures (never asserted in the test suite).
bench: setup
	$(BIN)/python benchmarks/bench_import.py

# The statistics forms of a province, a city and a county over 200,000 enterprises and 1,000,000
# hazards (BENCH_ENTERPRISES / BENCH_HAZARDS to change), made once in database anquan_bench_stats.
bench-statistics: setup
	$(BIN)/python benchmarks/bench_statistics.py

# p50 of the 数据驾驶舱 page of a city (and a county, the province) over bench-statistics' data
# (made when missing; BENCH_ENTERPRISES / BENCH_HAZARDS to change the size).
bench-dashboard: setup
	$(BIN)/python benchmarks/bench_dashboard.py

# Province scale (issue 13): 1,000,000 enterprises and 5,000,000 hazards in database anquan_scale
# (SCALE_ENTERPRISES / SCALE_HAZARDS to change), then the lists, home and dashboard measured beside
# raw keyset SQL and plain DRF (benchmarks/bench_lists.py).
SCALE_ENTERPRISES ?= 1000000
SCALE_HAZARDS ?= 5000000
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/anquan_scale
scale-data: setup
	$(BIN)/python manage.py generate_scale_data --enterprises $(SCALE_ENTERPRISES) --hazards $(SCALE_HAZARDS) \
	  --database-url $(SCALE_DATABASE_URL)

bench-lists: setup
	BENCH_SCALE_DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python benchmarks/bench_lists.py

# gunicorn as docker-compose runs it + locust headless (BENCH_USERS, BENCH_DURATION) on that data.
bench-load: setup
	BENCH_SCALE_DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python benchmarks/bench_load.py

# The hazard ledger exported three ways on the same rows (needs bench-statistics' data first).
bench-exports: setup
	$(BIN)/python benchmarks/bench_exports.py
