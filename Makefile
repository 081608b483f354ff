# The two set-up commands of the README: `make run` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test tools lint format migrate demo worker beat bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## run: install, migrate, load the demo data and serve at http://127.0.0.1:8000/
run: install
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: install the test dependencies, run ruff and the whole suite
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cluster_portal.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

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
	$(BIN)/python manage.py makemessages -l pl -l en -l de -l fr -l ru --ignore=.venv --ignore=var --ignore=tests --ignore=tools --ignore=bench --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache tools/node_modules
