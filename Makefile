# complaints: `make run` serves the app with demo data; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app complaints
HOST ?= 127.0.0.1
PORT ?= 5000
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: help setup assets db demo run test lint format lock clean

help:
	@echo "make run    set everything up and serve on http://$(HOST):$(PORT) with demo data"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make lint   ruff checks and the import layers (lint-imports)"
	@echo "make lock   re-pin requirements.lock (versions and hashes) after changing setup.cfg"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs exactly the files requirements.lock names, each checked against its SHA-256,
# wheels only (building an sdist would fetch its build backend unchecked); the lock pins
# pip, setuptools and wheel too. Then the project itself, with no dependencies and no
# build environment from the network; pip check fails if setup.cfg asks for something
# the lock lacks. Reinstalls when the pins or the metadata change.
$(VENV)/.installed: $(BIN)/python requirements.lock setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $@

setup: $(VENV)/.installed assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

complaints/static/application.css: node_modules/.package-lock.json $(shell find assets scripts -type f 2>/dev/null)
	npm run --silent build

assets: complaints/static/application.css

db: setup
	$(FLASK) db upgrade

demo: db
	$(FLASK) demo seed --if-empty

run: demo
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl+C to stop)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check complaints tests bench
	$(BIN)/ruff format --check complaints tests bench
	$(BIN)/lint-imports --no-cache --no-logo

format: setup
	$(BIN)/ruff format complaints tests bench
	$(BIN)/ruff check --fix complaints tests bench

# `make lock` resolves setup.cfg (with the test extra), the build backend from
# pyproject.toml and pip, for every platform on Python 3.11 and 3.12, with the SHA-256 of
# every file of each pinned version on PyPI. Current pins are kept where setup.cfg allows;
# to move some: make lock UPGRADE="flask werkzeug", or all: make lock UPGRADE=all.
# uv runs from its own venv so it never enters the tested set.
UV_VERSION := 0.13.9
LOCK_TOOLS := $(VENV)/lock-tools
UPGRADE ?=
UPGRADE_FLAGS = $(if $(filter all,$(UPGRADE)),--upgrade,$(addprefix --upgrade-package ,$(UPGRADE)))

lock:
	test -x $(LOCK_TOOLS)/bin/python || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet 'uv==$(UV_VERSION)'
	cp requirements.lock requirements.lock.new
	{ $(LOCK_TOOLS)/bin/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'; echo pip; } \
	  | $(LOCK_TOOLS)/bin/uv pip compile --quiet --python $(LOCK_TOOLS)/bin/python \
	      --universal --python-version 3.11 --generate-hashes --extra test --no-header \
	      $(UPGRADE_FLAGS) -o requirements.lock.new setup.cfg -
	{ printf '%s\n' \
	    '# Exact versions of every Python package, direct and indirect, used by `make`, with' \
	    '# the SHA-256 of each file PyPI has for that version: `make` installs with hashes' \
	    '# required, so a changed or substituted file fails the install. setup.cfg states the' \
	    '# ranges the code supports; this file pins one tested set, plus pip, setuptools and' \
	    '# wheel (the installer and the build backend of pyproject.toml).' \
	    '# Regenerate after changing setup.cfg: make lock (docs/deployment.md, Dependencies)'; \
	  cat requirements.lock.new; } > requirements.lock
	rm requirements.lock.new

clean:
	rm -rf $(VENV) node_modules complaints/static .pytest_cache
