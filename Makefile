# The two commands: `make run` (the demo, no service needed) and `make test`
# (the whole suite on PostgreSQL and Redis). Everything else is a helper.

# Django 6 needs Python >= 3.12: take the first interpreter that runs and is new enough
# (pyenv shims exist for versions that are installed but not selected, hence the probe).
PYTHON ?= $(shell for p in python3.12 python3.13 python3 /root/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	$$p -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

# Test environment: PostgreSQL and Redis on this machine unless overridden.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/mongcai
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) \
	DEBUG=0 SECRET_KEY=tests-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
	SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 STATIC_MANIFEST=0 \
	CELERY_BROKER_URL= DB_CONN_MAX_AGE=0
PYTEST_ARGS ?= -n auto --dist loadfile

# Production-like variables for `check --deploy`.
DEPLOY_ENV := DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) \
	ALLOWED_HOSTS=thidua.mongcai.gov.vn DATABASE_URL=$(TEST_DATABASE_URL)

.PHONY: run test lint audit smoke messages clean

$(BIN)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (Django 6)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: $(BIN)/.installed
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

# tests/services.py starts PostgreSQL and Redis when they are not running (and
# installs what is missing where it can), runs the suite, then stops what it started.
test: $(BIN)/.installed
	$(BIN)/python tests/services.py $(TEST_DATABASE_URL) $(TEST_REDIS_URL) -- \
		env $(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS) $(ARGS)

# lint-imports: apps import only downwards (the layers in pyproject.toml, [tool.importlinter]).
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache
	DEBUG=1 DATABASE_URL=sqlite:///:memory: $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
	@# bandit: any medium or high finding fails ([tool.bandit]; a safe one says why
	@# with `# nosec Bxxx # reason` on its line). Its warnings about those nosec lines
	@# go to stderr, dropped here: run the command by hand to see them.
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet 2>/dev/null

# Known vulnerabilities of the installed packages (pip-audit, the PyPI advisory
# database). Needs the network to reach it: for operators, not part of CI.
audit: $(BIN)/.installed
	$(BIN)/pip-audit --skip-editable --progress-spinner off

smoke: $(BIN)/.installed
	$(BIN)/python tests/smoke_run.py

messages: $(BIN)/.installed
	DEBUG=1 $(BIN)/python manage.py makemessages -l vi -l en --no-obsolete --add-location file
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore .venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
