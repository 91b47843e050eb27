# athar — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench clean-db docs

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)  ## install the locked dependencies and athar itself into .venv

demo: setup  ## migrate var/athar.sqlite3, load synthetic data, link it, serve on 127.0.0.1:8000
	$(BIN)/athar demo

test: setup  ## ruff, import contracts, migrations check, the whole test suite
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m django makemigrations --check --dry-run --settings=athar.web.settings
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests

bench: setup  ## linkage benchmark (prints numbers; see docs/benchmarks.md)
	$(BIN)/athar bench

docs: setup  ## regenerate docs/cli.md from the command line's own help
	$(BIN)/python -m athar.cli.reference > docs/cli.md
