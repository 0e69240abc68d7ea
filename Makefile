# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The service's own settings win over the defaults, so `GTS_PORT=8123 make run` and `make run PORT=8123`
# both serve on 8123 (make passes flags, and flags would otherwise override the environment).
DATA ?= $(or $(GTS_DATA_DIR),data)
HOST ?= $(or $(GTS_HOST),127.0.0.1)
PORT ?= $(or $(GTS_PORT),8000)

.PHONY: install run test test-fast lint bench seed screenshots messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## run: install, load the seed data (idempotent) and serve at http://$(HOST):$(PORT)
run: install
	$(BIN)/python -m indexer import seed/practices.json --data-dir $(DATA) --no-progress
	for kind in news events calls; do \
	  $(BIN)/python -m indexer import seed/updates/$$kind.json --data-dir $(DATA) --shift-dates-from 2026-12-01 || exit $$?; \
	done
	$(BIN)/python -m service --data-dir $(DATA) --host $(HOST) --port $(PORT)

## test: install, start throwaway PostgreSQL (and Chromium), run the whole suite
test: install
	scripts/with-test-services.sh $(BIN)/python -m pytest $(PYTEST_ARGS)

## test-fast: the suite without starting services (PostgreSQL and browser tests are skipped)
test-fast: install
	$(BIN)/python -m pytest -m "not postgres and not browser" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check service indexer seed tests bench scripts
	$(BIN)/mypy service indexer bench seed scripts tests

bench: install
	$(BIN)/python -m bench

seed: install
	$(BIN)/python seed/build_seed.py
	$(BIN)/python seed/updates/build_updates.py

## screenshots: docs/screenshots/ (the README's included) from the seed data, with Chromium
screenshots: install
	$(BIN)/python scripts/screenshots.py

## messages: collect the pages' texts into frontend/locale/messages.pot and merge them into every
## language's messages.po (new texts arrive untranslated; tests/service/pages/test_catalogues.py says which)
LOCALES := frontend/locale
messages: install
	$(BIN)/pybabel -q extract -F $(LOCALES)/babel.cfg --no-location --sort-output --omit-header \
		-o $(LOCALES)/messages.pot .
	$(BIN)/pybabel -q update -i $(LOCALES)/messages.pot -d $(LOCALES) --width=100 --ignore-obsolete \
		--no-fuzzy-matching

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
