# Every target installs what it needs into .venv first, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared

.PHONY: install run test test-fast bench score-seed clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

# The main job on the bundled fixtures (good and deliberately broken inputs) → out/
run: install
	$(BIN)/jixiao run fixtures --out out

test: install
	$(BIN)/python -m pytest -q -rs

# The quick loop while working: everything but OCR, LibreOffice, Chromium and Dask clusters, a test
# file a core (pytest-xdist; by file, so a module's shared dataset is read once).
test-fast: install
	$(BIN)/python -m pytest -q -rs -n auto --dist loadfile -m "not (ocr or soffice or browser or cluster)"

bench: install
	$(BIN)/python bench/bench.py

# The seed report scored against its hand-checked gold with the shared scorer.
score-seed: install
	$(BIN)/jixiao run $(SHARED)/corpus/seed/000_3b6eebb77ec974f1.txt --out out-seed --quiet
	$(BIN)/python $(SHARED)/tools/score.py out-seed $(SHARED)/gold/000_3b6eebb77ec974f1.json

clean:
	rm -rf $(VENV) out out-seed .pytest_cache .hypothesis
