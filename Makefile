# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test lint bench clean help messages

help:
	@echo "make run    create .venv, install, migrate, load demo data, serve on http://127.0.0.1:5000"
	@echo "make test   ruff and the whole test suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set)"
	@echo "make bench  speed figures, printed as a table"
	@echo "make clean  remove .venv and caches (keeps instance/ and its data)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# One run uses SQLite whatever the environment says; with TEST_DATABASE_URL set, a second one
# runs the database tests on PostgreSQL at the same time (each has its own database and Redis
# numbers; its output follows the first's, and either failing fails the target). The node tools
# (tests/node: the OpenID provider) are installed up front, once per lock file; without node, or
# without Chromium, the tests that need them are left out with one line saying so.
test: lint
	@if [ -x /usr/bin/chromium ]; then ignored=""; else \
		echo "Browser tests NOT run: /usr/bin/chromium is missing (apt-get install chromium)."; \
		ignored="--ignore=tests/browser"; fi; \
	if command -v node >/dev/null && command -v npm >/dev/null; then \
		$(BIN)/python -m tests.node_tools || exit 1; else \
		echo "Company sign-in tests NOT run: node or npm is missing (apt-get install nodejs npm)."; \
		ignored="$$ignored --ignore=tests/web/test_company_sign_in.py"; \
		ignored="$$ignored --ignore=tests/browser/test_company_sign_in_in_a_browser.py"; fi; \
	if [ -z "$$TEST_DATABASE_URL" ]; then \
		echo "== Test suite on SQLite (PostgreSQL run skipped: TEST_DATABASE_URL is not set) =="; \
		exec env -u TEST_DATABASE_URL $(BIN)/python -m pytest $$ignored; fi; \
	echo "== Test suite on SQLite; the database tests on PostgreSQL at the same time =="; \
	postgres_log=$$(mktemp); \
	$(BIN)/python -m pytest -p no:cacheprovider -m db $$ignored > $$postgres_log 2>&1 & \
	postgres=$$!; trap 'kill $$postgres 2>/dev/null; rm -f $$postgres_log' EXIT; \
	env -u TEST_DATABASE_URL $(BIN)/python -m pytest $$ignored; sqlite_status=$$?; \
	wait $$postgres; postgres_status=$$?; \
	echo "== Database tests on PostgreSQL =="; cat $$postgres_log; \
	[ $$sqlite_status -eq 0 ] && [ $$postgres_status -eq 0 ]

# Entitlements per second; page timings for 50,000 people (BENCH_EMPLOYEES to change it); the
# people import; an identity provider listing every SCIM user, 100 a page; and an HR
# integration reading a month's leave periods and payroll through the JSON API, 500 a page.
# On SQLite, and the pages and the API again on a fresh database of the TEST_DATABASE_URL
# server when it is set.
bench: $(VENV)/.installed-dev
	@status=0; employees=$${BENCH_EMPLOYEES:-50000}; \
	$(BIN)/python bench/entitlements.py || status=1; \
	env -u TEST_DATABASE_URL $(BIN)/python bench/pages.py --employees $$employees || status=1; \
	$(BIN)/python bench/people_import.py --employees $$employees || status=1; \
	$(BIN)/python bench/scim.py --employees $$employees || status=1; \
	$(BIN)/python bench/api.py --employees $$employees || status=1; \
	if [ -n "$$TEST_DATABASE_URL" ]; then \
		$(BIN)/python bench/pages.py --employees $$employees \
			--database-url "$$TEST_DATABASE_URL" || status=1; \
		$(BIN)/python bench/api.py --employees $$employees \
			--database-url "$$TEST_DATABASE_URL" || status=1; \
	else echo "PostgreSQL run skipped: TEST_DATABASE_URL is not set."; fi; \
	exit $$status

# After changing words in the code: collect them, and add the new ones to every catalogue (then
# translate them there; a test fails while any is missing, empty or fuzzy).
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k IneligibleCase:2 \
		-k InvalidTransition:1 -k Phrase -k PluralPhrase:1,2 --add-location=file \
		--sort-by-file --no-wrap -o portal/translations/messages.pot .
	$(BIN)/pybabel update -i portal/translations/messages.pot -d portal/translations \
		--no-fuzzy-matching --no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
