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

.PHONY: run test install migrate demo check bench clean

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
	@echo "  Site:   $(BASE_URL)/"
	@echo "  Admin:  $(BASE_URL)/admin/"
	@echo "  (demo accounts above; stop with Ctrl-C)"
	@echo ""
	SAFESPACE_PUBLIC_URL=$(BASE_URL) $(MANAGE) runserver $(HOST):$(PORT)

check: install $(STAMP)/example-plugin
	DJANGO_SETTINGS_MODULE=safespace.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=safespace.settings.test $(MANAGE) makemigrations --check --dry-run

test: check
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(STAMP) var db.sqlite3
