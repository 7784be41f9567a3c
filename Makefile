# Rantai's task runner. The README and .ci/run call these targets.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export PATH := $(HOME)/.local/bin:$(PATH)
UV := uv
MANAGE := $(UV) run --frozen python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo run dev test test-fast test-dates api-fuzz api-fuzz-long lint format check messages bench load clean

install: ## Python and front-end packages, exactly as locked
	@scripts/ensure-uv
	@scripts/ensure-system-packages runtime
	$(UV) sync --frozen
	npm ci --ignore-scripts --no-audit --no-fund

demo: install ## Install, migrate, load the demo and start it as production runs (gunicorn, worker, scheduler) on SQLite
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo --quiet-logins
	@scripts/run-demo $(HOST) $(PORT)

run: ## Start the production-like stack (Procfile under honcho) without reinstalling
	@scripts/run-demo $(HOST) $(PORT)

dev: ## Django's development server (DEBUG on, reloads on change), the task worker and the scheduler
	$(MANAGE) migrate --no-input
	@trap 'kill 0' EXIT; $(MANAGE) db_worker --queue-name '*' & $(MANAGE) run_scheduler & \
	  $(MANAGE) runserver $(HOST):$(PORT)

test: install ## The whole test suite, browser tests included (DATABASE_URL picks the database)
	@scripts/ensure-system-packages test
	$(UV) run --frozen pytest

test-fast: ## Everything but the browser tests
	$(UV) run --frozen pytest -m "not e2e"

# The tests whose answers depend on today (the demo's story, insights, reminders, arrears,
# scorecards, renewals), run at awkward dates on SQLite: RANTAI_TEST_NOW moves the pinned clock.
AWKWARD_DATES ?= 2027-03-01 2027-01-31 2028-02-29 2026-12-31
DATE_TESTS := tests/demo tests/insights tests/partnerships/test_services.py \
  tests/partnerships/test_scorecards.py tests/partnerships/test_orders.py \
  tests/estates/test_leases.py tests/estates/test_assets.py tests/five_r/test_readiness.py

api-fuzz: ## Schemathesis on /api/v1/schema/ of a throw-away demo, as an admin and a firm owner
	@scripts/api-fuzz

api-fuzz-long: ## The same, 10 minutes each, with more cases and the stateful phase (not in CI)
	@API_FUZZ_PHASES=coverage,fuzzing,stateful API_FUZZ_EXAMPLES=50 scripts/api-fuzz 600

test-dates: ## The date-sensitive tests at the 1st and last of a month, 29 February and New Year's Eve
	@set -e; for day in $(AWKWARD_DATES); do \
	  echo "== date-sensitive tests on $$day"; \
	  env -u DATABASE_URL RANTAI_TEST_NOW=$$day $(UV) run --frozen pytest -q \
	    -m "not e2e" $(DATE_TESTS); \
	done

lint:
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

format:
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

check: ## Django's checks, missing migrations, and the production settings' deploy check
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=ci-only-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
	  ALLOWED_HOSTS=rantai.example.id $(MANAGE) check --deploy --fail-level WARNING

messages: ## Refresh the translation catalogues and compile them
	cd src/rantai && $(UV) run --frozen django-admin makemessages -l id -l en --no-obsolete --no-location \
	  --ignore 'demo/*'
	cd src/rantai && $(UV) run --frozen django-admin compilemessages

bench: ## Benchmarks (see bench/README.md)
	$(UV) run --frozen python bench/firm_list.py
	$(UV) run --frozen python bench/five_r_reports.py
	$(UV) run --frozen python bench/page_weight.py

load: ## 50 people's daily use for 5 minutes against the production stack on PostgreSQL (bench/load.py)
	$(UV) run --frozen --group load python bench/load.py

clean:
	rm -rf var .pytest_cache
