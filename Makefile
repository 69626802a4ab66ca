# Two commands from a fresh clone: `make demo` and `make test`. Only python3 and make are needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

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
	$(BIN)/python -m pip install --quiet -e '.[bench]'  # proselint, the speed benchmark's reference
	$(BIN)/python benchmarks/lint_speed.py
	$(BIN)/python benchmarks/site_build.py

clean:
	rm -rf $(VENV) public .planner-cache
