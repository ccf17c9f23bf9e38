# Auto-sales: `make run` sets up and serves the app; `make test` sets up the services and runs
# every test layer. Both work on a fresh Debian machine with Python 3.11.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 5000
# Debian packages the test suite runs for real: MariaDB, Redis, Chromium (and fonts for screenshots).
TEST_PACKAGES := mariadb-server redis-server chromium fonts-dejavu-core
PYTEST_ARGS ?=

.PHONY: run test test-quick stack bench lint format install system-deps apt-install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { $(MAKE) apt-install PACKAGES=python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/autosales db upgrade
	$(BIN)/autosales demo-data
	@echo "Auto-sales on http://$(HOST):$(PORT)/  (demo: see the sign-in line above)"
	$(BIN)/autosales run --host $(HOST) --port $(PORT)

# Installs only what is missing; a machine that has everything is not touched.
apt-install:
	@missing=""; for package in $(PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || missing="$$missing $$package"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing from Debian:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

system-deps:
	@$(MAKE) --no-print-directory apt-install PACKAGES="$(TEST_PACKAGES)"

# The whole suite: unit tests once; app and integration tests on SQLite and again on MariaDB,
# with a real Redis, RQ worker process and SMTP server; browser tests in Debian's chromium.
test: install system-deps
	$(BIN)/pytest --backends sqlite,mariadb $(PYTEST_ARGS)

# The quick path while developing: SQLite only, no browser.
test-quick: install
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

# The production-like stack on loopback: MariaDB, Redis, RQ workers, the schedule and gunicorn.
stack: install
	@$(MAKE) --no-print-directory apt-install PACKAGES="mariadb-server redis-server"
	$(BIN)/python -m autosales.stack --port $(PORT)

bench: install
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts *.egg-info
