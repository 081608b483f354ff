# The two set-up commands of the README: `make run` and `make test`. Both work on a fresh clone and
# install exactly what uv.lock pins (with hashes), never a range.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# uv itself comes from tools/uv-requirements.txt, pinned with hashes, into a folder of its own.
UV_HOME := .uv
UV := $(UV_HOME)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails lead to the address served (a SITE_URL set in the environment wins).
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install install-test upgrade tools lint format typecheck migrate demo worker beat \
	bench messages clean

$(UV): tools/uv-requirements.txt
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r tools/uv-requirements.txt
	touch $@

## install / install-test: the locked dependencies (and the test extras); fails if the lock is stale
install: | $(UV)
	$(UV) sync --locked --inexact

install-test: | $(UV)
	$(UV) sync --locked --extra test

## run: install, migrate, load the demo data and serve at http://$(HOST):$(PORT)/
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install the test dependencies, run ruff, the import contracts, mypy and the whole suite
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cluster_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest

## upgrade: move uv and every dependency to the newest versions pyproject.toml allows, then test
upgrade: | $(UV)
	$(UV_HOME)/bin/python tools/uv_pin.py
	$(MAKE) $(UV)
	$(UV) lock --upgrade
	$(MAKE) test

## tools: the Nu HTML Checker and axe-core that tests/external runs (needs npm; Java to run them)
tools: tools/node_modules/.package-lock.json

tools/node_modules/.package-lock.json: tools/package.json tools/package-lock.json
	npm ci --prefix tools --ignore-scripts
	touch $@

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## typecheck: mypy with django-stubs over the services and selectors (pyproject.toml [tool.mypy])
typecheck: install-test
	$(BIN)/mypy

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: install
	$(BIN)/python manage.py seed_demo

## worker / beat: a real Celery worker and scheduler (need REDIS_URL)
worker: install
	$(BIN)/celery -A cluster_portal worker --loglevel=INFO

beat: install
	$(BIN)/celery -A cluster_portal beat --loglevel=INFO --schedule var/celerybeat-schedule

## bench: build the data set at scale in PostgreSQL and measure pages, registration under
## contention, the newsletter and PDFs (needs PostgreSQL and Redis); figures go to bench/results/
bench: install-test
	$(BIN)/python -m bench

## messages: refresh the five catalogues from the code and compile them
messages: install-test
	$(BIN)/python manage.py makemessages -l pl -l en -l de -l fr -l ru --ignore=.venv --ignore=.uv --ignore=var --ignore=tests --ignore=tools --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.uv

clean:
	rm -rf $(VENV) $(UV_HOME) var .pytest_cache .ruff_cache tools/node_modules
