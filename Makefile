# Set-up and everyday commands. Everything installs from requirements.lock (exact versions, hashes).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

.PHONY: install run test lock
install: $(VENV)/.installed

# The main job on the example corpus (writes sitroom.duckdb here).
run: install
	$(BIN)/sitroom run examples/corpus --actors examples/actors.yaml

# The tests (unit tests, plus integration tests on ../shared where it exists).
test: install
	$(BIN)/python -m pytest

# Re-resolve the lock after changing dependencies in pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock
