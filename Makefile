# Tremplin: `make demo` runs the whole platform locally, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Every target here is for a development machine: unset, TREMPLIN_ENV means production.
export TREMPLIN_ENV := development

.PHONY: demo test tutorials install system-packages bench loadtest db-stop messages clean

## demo: install what is missing, start PostgreSQL, the ENT, the worker and the web server
##       (DEMO_ARGS="--port 8100 --ent-port 8101 --no-data" passes options to rundemo)
demo: $(VENV)/.installed
	$(PY) manage.py rundemo $(DEMO_ARGS)

## test: install what is missing and run ruff, the migrations check, the floors and every test
test: system-packages $(VENV)/.installed $(VENV)/.installed-ldap node_modules/.installed
	scripts/run-tests

## tutorials: film the help pages' video tutorials on the demo at TUTORIALS_URL (a running
## `make demo` is used as it is; otherwise one is started for the time it takes)
TUTORIALS_URL ?= http://127.0.0.1:8000
tutorials: system-packages $(VENV)/.installed
	$(PY) manage.py build_tutorials --start-demo --base-url $(TUTORIALS_URL)

install: $(VENV)/.installed

# Debian's python3 makes venvs only with python3.X-venv: the script installs it, or stops
# and says so. A venv left without pip by an earlier failure is made again.
$(VENV)/.installed: requirements.lock
	@PYTHON=$(PYTHON) scripts/install-system-packages demo
	@$(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

# The optional LDAP backend compiles python-ldap. Where its compiler and headers cannot be
# installed, everything else still runs and the LDAP tests say why they are skipped; the
# next `make test` tries again.
$(VENV)/.installed-ldap: requirements-ldap.lock $(VENV)/.installed
	@missing="$$(PYTHON=$(PYTHON) scripts/install-system-packages --missing ldap-build)"; \
	if [ -n "$$missing" ]; then \
	  echo "Not building python-ldap: it needs $$missing. The LDAP tests will be skipped."; \
	elif $(PY) -m pip install --quiet -r requirements-ldap.lock; then \
	  touch $@; \
	else \
	  echo "python-ldap could not be built (above): the LDAP tests will be skipped."; \
	fi

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
	  npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "No npm, so no axe-core: the browser tests will be skipped."; \
	fi

## system-packages: Debian's venv module, chromium, npm, ffmpeg, gettext, slapd, ldap-utils and
##                  what python-ldap compiles with, when apt can (root or passwordless sudo)
system-packages:
	@PYTHON=$(PYTHON) scripts/install-system-packages test

## bench: load the large demo data (once), then time the search and the registry matching
bench: $(VENV)/.installed
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py demo_data --size large
	DJANGO_DEBUG=false $(PY) manage.py bench_search
	DJANGO_DEBUG=false $(PY) manage.py bench_matching

## loadtest: locust's journeys (64 users, 60 s) against gunicorn (4 workers), the worker and
##           PostgreSQL on the large demo data (loaded once); prints p50/p95/p99 per page and
##           the web workers' memory (LOADTEST_ARGS="--users 32 --seconds 30" to change)
loadtest: $(VENV)/.installed
	$(PY) manage.py loadtest $(LOADTEST_ARGS)

## db-stop: stop the embedded PostgreSQL server
db-stop: $(VENV)/.installed
	$(PY) -c "from pathlib import Path; from tremplin.lib.embedded_db import stop; print('stopped' if stop(Path('var').resolve()) else 'not running')"

## messages: extract the strings to translate and compile the catalogues
messages: $(VENV)/.installed
	cd tremplin && ../$(PY) ../manage.py makemessages -l fr --no-location --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules
