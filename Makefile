# Two commands from a fresh clone: `make demo` and `make test`. Only python3 and make are needed.
# Both install the exact versions in constraints.txt (pyproject.toml keeps the ranges users get);
# `make upgrade-deps` moves them forward on purpose and runs the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCK   := constraints.txt

.PHONY: demo test install bench clean upgrade-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade -c $(LOCK) pip

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	@touch $(STAMP)

# An editable install leaves planner's own modules uncompiled, and with
# PYTHONDONTWRITEBYTECODE set every run compiles them again (~0.1 s of each start-up);
# a pip install compiles them once. checked-hash: a stale file is noticed and ignored.
install: $(STAMP)
	$(BIN)/python -m compileall -q --invalidation-mode checked-hash planner

demo: $(STAMP)
	$(BIN)/planner lint content/ --fail-on none
	@echo
	$(BIN)/planner coverage content/
	@echo
	$(BIN)/planner plan content/ --limit 10
	@echo
	$(BIN)/planner build

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/journey_accuracy.py
	$(BIN)/python benchmarks/tone_detection.py
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[bench]'  # proselint, the speed benchmark's reference
	$(BIN)/python benchmarks/lint_speed.py
	$(BIN)/python benchmarks/site_build.py
	$(BIN)/python benchmarks/trend_speed.py

# Resolve pyproject.toml's ranges afresh in a scratch venv, write the result to constraints.txt
# (its comment header kept), rebuild .venv from it and run the tests: review the diff, then commit.
upgrade-deps:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --quiet -e '.[test,bench]'; \
	{ grep '^#' $(LOCK); "$$tmp/venv/bin/python" -m pip freeze --all --exclude planner | grep -viE '^(setuptools|wheel)=='; } > "$$tmp/lock"; \
	mv "$$tmp/lock" $(LOCK)
	rm -rf $(VENV)
	$(MAKE) test
	@git diff --stat -- $(LOCK) || true

clean:
	rm -rf $(VENV) public .planner-cache
