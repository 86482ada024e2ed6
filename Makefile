# One command to run the demo, one to run every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
# The app runs as production unless told otherwise: the demo says so explicitly.
DEV_FLASK := FORUM_CONFIG=development $(FLASK)
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

NODE_STAMP := node_modules/.installed

.PHONY: run test lint bench install install-dev translations db demo clean system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP) $@

install: $(STAMP) translations
install-dev: $(DEV_STAMP) translations $(NODE_STAMP)

## Debian's Chromium and Node.js, installed by apt-get when missing (no wheel provides them).
system-packages:
	@tools/ensure-system-packages

# ESLint, ical.js and axe-core, pinned by package-lock.json.
$(NODE_STAMP): package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(STAMP)
	$(BIN)/pybabel compile -d forum/translations > /dev/null

db: install
	$(DEV_FLASK) db upgrade

demo: db
	$(DEV_FLASK) forum seed-demo

## make run: install, migrate SQLite, seed the Marrakech 2018 demo, send mail in the background, serve.
run: demo
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C stops)."
	@$(DEV_FLASK) forum worker & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	  $(DEV_FLASK) run --host 127.0.0.1 --port 5000

## make lint: ruff, mypy and ESLint.
lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy forum
	npx --no-install eslint .

## make test: install everything the suite needs (pip, npm, Debian's Chromium), lint, run it all:
## the JavaScript unit tests (Node's own runner, tests/js/), then pytest.
test: lint system-packages
	node --test --test-reporter=spec tests/js/
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make bench: the benchmark scripts (they print figures; nothing passes or fails on speed).
bench: install-dev
	@for script in bench/*.py; do [ -e "$$script" ] && $(BIN)/python $$script; done; true

## make messages: extract strings and update the catalogues.
messages: install-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -w 100 -o forum/translations/messages.pot .
	$(BIN)/pybabel update -i forum/translations/messages.pot -d forum/translations --no-fuzzy-matching -w 100

clean:
	rm -rf $(VENV) instance node_modules
