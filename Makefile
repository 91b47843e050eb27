# athar — the two commands of the README are `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

RUNTIME_STAMP := $(VENV)/.installed-runtime

.PHONY: setup install demo test test-postgresql lint typecheck bench clean-db docs lock

# Two lock files, hash-pinned (see `lock` below): requirements.lock holds what athar needs to run
# (and to install itself); requirements-dev.lock holds the same pins plus the development tools
# (pytest, ruff, mypy, schemathesis, playwright...), which never go on a server.
$(STAMP): requirements.lock requirements-dev.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP)  ## development: the runtime and development locks, and athar itself, into .venv

$(RUNTIME_STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(RUNTIME_STAMP)

install: $(RUNTIME_STAMP)  ## a server: the runtime lock only (no test or lint tools), and athar, into .venv

# Regenerate both locks from pyproject.toml (uv; the package registry is the only input). The
# runtime lock is constrained by the development lock, so both pin the same versions. Add
# `--upgrade` to the first command to move to newer releases.
lock:  ## regenerate requirements-dev.lock and requirements.lock (needs uv)
	uv pip compile pyproject.toml --extra dev --extra build --generate-hashes --python-version 3.11 -o requirements-dev.lock
	uv pip compile pyproject.toml --extra build --generate-hashes --python-version 3.11 -c requirements-dev.lock -o requirements.lock

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
