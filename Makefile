# athar — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-postgresql lint typecheck bench clean-db docs

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)  ## install the locked dependencies and athar itself into .venv

# The demo's registry lives in ./var of the clone (a demo registry: `athar demo` refuses any other).
DEMO_DATA_DIR ?= $(CURDIR)/var

demo: setup  ## create a demo registry in var/, load synthetic data, link it, serve on 127.0.0.1:8000
	ATHAR_DATA_DIR="$(DEMO_DATA_DIR)" $(BIN)/athar demo

test: setup  ## ruff, import contracts, migrations check, mypy, the whole test suite
	$(BIN)/ruff check src tests
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m django makemigrations --check --dry-run --settings=athar.web.settings
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The suite again on PostgreSQL: a throwaway server from Debian's postgresql package (.ci/run
# installs it). Browser tests are skipped there: they exercise the pages, not the database.
test-postgresql: setup  ## the test suite on a throwaway PostgreSQL server
	.ci/with-postgresql $(BIN)/python -m pytest -m "not browser"

typecheck: setup
	$(BIN)/mypy

lint: setup
	$(BIN)/ruff check src tests

bench: setup  ## linkage benchmark (prints numbers; see docs/benchmarks.md)
	$(BIN)/athar bench

docs: setup  ## regenerate docs/cli.md from the command line's own help
	$(BIN)/python -m athar.cli.reference > docs/cli.md
