# hrflow — `make run` and `make test` are all a newcomer needs (Debian, as root).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HRFLOW := $(VENV)/bin/hrflow
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 5000
# Fonts and HarfBuzz subsetting make Chinese PDFs correct and fast; poppler checks them in tests;
# chromium runs the browser tests.
SYSTEM_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils fontconfig
# slapd, ldap-utils and openssl: the directory sign-in tests start and seed a real OpenLDAP server.
TEST_SYSTEM_PACKAGES := chromium slapd ldap-utils openssl
STAMP := $(VENV)/.installed

.PHONY: install system-packages test-system-packages browser-test-tools run test bench e2e screenshots translations lint clean

install: system-packages $(STAMP) translations

system-packages:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

test-system-packages:
	@missing=""; for p in $(TEST_SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing test packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# axe-core (the accessibility check the browser tests run in each page), pinned in tests/e2e/package-lock.json.
browser-test-tools:
	@test -d tests/e2e/node_modules/axe-core || (cd tests/e2e && npm ci --no-audit --no-fund --silent)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

translations: $(STAMP)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(VENV)/bin/pybabel compile -d translations >/dev/null; fi

run: install
	$(HRFLOW) db upgrade
	$(HRFLOW) fonts
	$(HRFLOW) demo --keep-existing
	@echo "hrflow: http://$(HOST):$(PORT)/  (the logins above are also in instance/demo_logins.json)"
	$(HRFLOW) run --host $(HOST) --port $(PORT)

test: install test-system-packages browser-test-tools
	$(VENV)/bin/lint-imports  # the layers: models import no area, rules no models, services no request
	$(HRFLOW) fonts >/dev/null  # the PDF font cache is built once (about a minute), before the tests use it
	$(PY) -m pytest -n 2 -q

lint: install
	$(VENV)/bin/ruff check hrflow tests

e2e: install test-system-packages browser-test-tools
	$(HRFLOW) fonts >/dev/null
	$(PY) -m pytest -q tests/e2e

screenshots: install test-system-packages browser-test-tools
	HRFLOW_UPDATE_SCREENSHOTS=1 $(PY) -m pytest -q tests/e2e

# Figures against their goals (bench/README.md); fails when one is missed. Results go to the
# git-ignored bench/results/ and bench/results.json; with HRFLOW_TEST_DATABASE_URL set, PostgreSQL is
# measured too (the deadline rush only there). The bench group adds Locust.
bench: install
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) .pytest_cache
