# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Where the demo is served: every absolute address the site writes (QR codes,
# leaflets, sitemap, feeds, emails) and the Wagtail Site record follow it.
BASE_URL ?= http://$(HOST):$(PORT)
# The demo's second space (Espai Violeta): the other loopback name, same port.
SECOND_URL ?= http://$(if $(filter localhost,$(HOST)),127.0.0.1,localhost):$(PORT)

.PHONY: run test test-clocks install migrate demo check bench clean

# Reinstall only when the dependencies change, so a second `make run` starts in seconds.
$(STAMP)/installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@mkdir -p $(STAMP) && touch $@

install: $(STAMP)/installed

# The suite installs the example third-party plugin the way anyone would: with pip,
# so that it is found through its entry point (see plugins/README.md).
$(STAMP)/example-plugin: $(STAMP)/installed examples/safespace-hello/pyproject.toml
	$(PY) -m pip install --quiet -e examples/safespace-hello
	@touch $@

migrate: install
	$(MANAGE) migrate --noinput

demo: migrate
	SAFESPACE_PUBLIC_URL=$(BASE_URL) $(MANAGE) load_demo_data

run: demo
	@echo ""
	@echo "  Espai Lila:     $(BASE_URL)/      admin $(BASE_URL)/admin/"
	@echo "  Espai Violeta:  $(SECOND_URL)/      admin $(SECOND_URL)/admin/"
	@echo "  (each space's demo accounts above; stop with Ctrl-C)"
	@echo ""
	@# A queue worker beside the web server (reminders, retention, finished
	@# sessions): it stops when runserver does, however that happens.
	export SAFESPACE_PUBLIC_URL=$(BASE_URL); \
	$(MANAGE) run_huey & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

check: install $(STAMP)/example-plugin
	DJANGO_SETTINGS_MODULE=safespace.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=safespace.settings.test $(MANAGE) makemigrations --check --dry-run
# Who may import whom: plugins, the plugin API and the host (.importlinter).
	PYTHONPATH=.:site $(VENV)/bin/lint-imports

# One test process per core (pytest-xdist, README "Development"); each has its own test
# database. Tests that share something outside the process (the smoke test's Redis
# database) stay in one process with `xdist_group`. TEST_WORKERS=0: one process.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)

# On SQLite each test process copies a database migrated once, instead of migrating its own
# (tests/conftest.py, django_db_modify_db_settings); rebuilt when a migration changes.
SQLITE_TESTS := $(if $(filter-out sqlite%,$(DATABASE_URL)),,yes)
TEST_DB_TEMPLATE := $(CURDIR)/$(STAMP)/test-template.sqlite3
MIGRATIONS := $(shell find agenda plugins resources screen site examples -path '*/migrations/*.py' 2>/dev/null)
TEST_DB := $(if $(SQLITE_TESTS),$(TEST_DB_TEMPLATE))
export SAFESPACE_TEST_DB_TEMPLATE := $(TEST_DB)

$(TEST_DB_TEMPLATE): $(STAMP)/example-plugin $(MIGRATIONS)
	rm -f $@ $@.tmp
	DJANGO_SETTINGS_MODULE=safespace.settings.test DATABASE_URL=sqlite:///$@.tmp $(MANAGE) migrate --run-syncdb --noinput -v 0
	mv $@.tmp $@

test: check $(TEST_DB)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The tests marked `clock` again, each run one process started by libfaketime
# (Debian's `faketime`) at a moment where date code breaks; its clock runs on
# from there. Moments in UTC, so that autumn's repeated hour is not ambiguous:
#   before-midnight 23:30 Madrid; after-midnight 00:30 Madrid (the UTC date a day behind);
#   spring-forward 01:59 CET, a minute before the clock jumps to 03:00 CEST;
#   fall-back 02:59 CEST, a minute before it goes back to 02:00 CET;
#   new-year 31 December 23:59 Madrid; leap-day 29 February, noon in Madrid.
# `make test-clock-leap-day` runs one; `make -j2 -O test-clocks` two at a time.
# -m: libfaketime's thread-safe build (live servers). The monotonic clock is faked
# too: with FAKETIME_DONT_FAKE_MONOTONIC=1 Chromium's page loads time out.
CLOCKS ?= before-midnight after-midnight spring-forward fall-back new-year leap-day
CLOCK_before-midnight := 2026-11-27 22:30:00 UTC
CLOCK_after-midnight := 2026-11-27 23:30:00 UTC
CLOCK_spring-forward := 2027-03-28 00:59:00 UTC
CLOCK_fall-back := 2026-10-25 00:59:00 UTC
CLOCK_new-year := 2026-12-31 22:59:00 UTC
CLOCK_leap-day := 2028-02-29 11:00:00 UTC

test-clocks: $(addprefix test-clock-,$(CLOCKS))

test-clock-%: check $(TEST_DB)
	@command -v faketime >/dev/null || { echo "faketime is missing: apt-get install faketime"; exit 1; }
	@echo "--- clock-marked tests at $* ($(CLOCK_$*))"
	faketime -m '$(CLOCK_$*)' $(PY) -m pytest -m clock -q $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(STAMP) var db.sqlite3
