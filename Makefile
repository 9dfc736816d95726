# complaints: `make run` serves the app with demo data; `make test` runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app complaints
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help setup assets db demo run test lint format lock clean

help:
	@echo "make run    set everything up and serve on http://$(HOST):$(PORT) with demo data"
	@echo "make test   set everything up and run the whole test suite"
	@echo "make lint   ruff checks and the import layers (lint-imports)"
	@echo "make lock   re-pin requirements.lock after changing setup.cfg"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when the pins or the package metadata change.
$(VENV)/.installed: $(BIN)/python requirements.lock setup.cfg
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
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
	$(BIN)/pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check complaints tests bench
	$(BIN)/ruff format --check complaints tests bench
	$(BIN)/lint-imports --no-cache --no-logo

format: setup
	$(BIN)/ruff format complaints tests bench
	$(BIN)/ruff check --fix complaints tests bench

lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	( head -3 requirements.lock; $(BIN)/pip freeze --exclude-editable ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) node_modules complaints/static .pytest_cache
