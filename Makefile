# Tremplin: `make demo` runs the whole platform locally, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test tutorials install system-packages bench db-stop messages clean

## demo: install what is missing, start PostgreSQL, the ENT, the worker and the web server
demo: $(VENV)/.installed
	$(PY) manage.py rundemo

## test: install what is missing and run ruff, the migrations check, the floors and every test
test: system-packages $(VENV)/.installed $(VENV)/.installed-ldap node_modules/.installed
	scripts/run-tests

## tutorials: film the help pages' video tutorials on the demo at TUTORIALS_URL (a running
## `make demo` is used as it is; otherwise one is started for the time it takes)
TUTORIALS_URL ?= http://127.0.0.1:8000
tutorials: system-packages $(VENV)/.installed
	$(PY) manage.py build_tutorials --start-demo --base-url $(TUTORIALS_URL)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

# The optional LDAP backend compiles python-ldap against the system's OpenLDAP headers.
$(VENV)/.installed-ldap: requirements-ldap.lock $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-ldap.lock
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## system-packages: Debian's chromium, ffmpeg, gettext, slapd and the OpenLDAP headers, when apt can
system-packages:
	@scripts/install-system-packages

## bench: load the large demo data (once), then time the search and the registry matching
bench: $(VENV)/.installed
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py demo_data --size large
	DJANGO_DEBUG=false $(PY) manage.py bench_search
	DJANGO_DEBUG=false $(PY) manage.py bench_matching

## db-stop: stop the embedded PostgreSQL server
db-stop: $(VENV)/.installed
	$(PY) -c "from pathlib import Path; from tremplin.lib.embedded_db import stop; print('stopped' if stop(Path('var').resolve()) else 'not running')"

## messages: extract the strings to translate and compile the catalogues
messages: $(VENV)/.installed
	cd tremplin && ../$(PY) ../manage.py makemessages -l fr --no-location --no-obsolete && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules
