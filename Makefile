# Two commands matter: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite's own data directory (CI runs SQLite and PostgreSQL side by side, each in its own).
TEST_DATA_DIR ?= $(CURDIR)/var/test
export CERDAS_DATA_DIR ?= $(CURDIR)/var

.PHONY: run test lint format messages clean install

$(BIN)/python:
	$(PYTHON) tools/mkvenv.py $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/cerdas migrate --noinput -v 0
	$(BIN)/cerdas demo --if-empty
	PORT=$(PORT) $(BIN)/cerdas serve

test: install
	CERDAS_DATA_DIR=$(TEST_DATA_DIR) $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(BIN)/python tools/compilemessages.py

clean:
	rm -rf $(VENV) .pytest_cache
