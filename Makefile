# The MS Treatment Guide. `make site` builds every output into dist/; `make test` runs every test.
# Both set up what they need: a .venv from the pinned requirements and a browser for PDFs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
TEST_READY := $(VENV)/.test-ready
# Test tools from npm (axe-core, the Nu Html Checker), pinned in package-lock.json.
NODE_READY := node_modules/.ready
export NO_MKDOCS_2_WARNING := 1

# What a person types reaches the commands as it is, through the environment, never pasted into
# a shell line: make would expand a '$' in it ('Dr $mith'), and the shell would run a '`' or '$(...)'.
# $(value X) is the text as given; ':=' keeps make from expanding it again, also when exported.
MAKE_INPUTS := PAGE BY DATE TODAY FORMAT METHOD
$(foreach input,$(MAKE_INPUTS),$(eval override $(input) := $$(value $(input))))
export $(MAKE_INPUTS)
# The guide's commands end with their own summary line ("FAILED: 2 errors, ..."): they are not
# echoed. (make still adds "make: *** [...] Error 1" after a failed command; GNU make has no
# switch to leave it out without losing the exit code.)
MAKEFLAGS += --no-print-directory

.PHONY: site check linkcheck serve test test-fast lint browser bench clean review reviews qr-reader translated properdocs

# FORMAT=text|github|json: how problems are printed (github on GitHub Actions).
site: $(READY) browser
	@$(BIN)/python scripts/build.py build $${FORMAT:+"--format=$$FORMAT"}

# CHANGED_FILES (a pull request's run): the list of files it changes, for the run's summary; passed
# through the environment, never pasted into the command.
check: $(READY)
	@$(BIN)/python scripts/build.py check $${FORMAT:+"--format=$$FORMAT"} $${CHANGED_FILES:+"--changed-files=$$CHANGED_FILES"}

# The only step that uses the network: every external link, with the report in dist/.
linkcheck: $(READY)
	@$(BIN)/python scripts/build.py check --external --report dist/link-report.json

# MkDocs reads mkdocs.yml unsafely: the guide reads it first and refuses code it does not trust.
serve: $(READY)
	@$(BIN)/python -m guide.config_gate mkdocs.yml
	@$(BIN)/mkdocs serve

# A reviewer's sign-off: make review PAGE=relapses.md BY="Dr Jane Doe, MS nurse" [DATE=2026-11-24]
# (On GitHub, the "Sign off a page" workflow runs the same command: .github/workflows/signoff.yml.)
review: $(READY)
	@$(BIN)/python scripts/build.py review --page="$$PAGE" --by="$$BY" $${DATE:+"--date=$$DATE"}

# A translation's record of the English page it follows (issue 26):
# make translated PAGE=relapses.md LANG=es BY="Ana Ruiz, medical translator" [METHOD=machine-checked] [DATE=...]
# (On GitHub, the "Record a translation" workflow runs the same command: .github/workflows/translated.yml.)
# LANG is also the locale's variable: the command gets the language as typed, and a UTF-8 locale.
translated: $(READY)
	@LANG=C.UTF-8 $(BIN)/python scripts/build.py translated --page="$$PAGE" --lang="$$LANG" --by="$$BY" $${METHOD:+"--method=$$METHOD"} $${DATE:+"--date=$$DATE"}

# The review schedule (reviews.csv, reviews.ics) in dist/; TODAY=YYYY-MM-DD looks ahead.
reviews: $(READY)
	@$(BIN)/python scripts/build.py reviews $${TODAY:+"--today=$$TODAY"}

# Every test, after the linter and the formatter's check (ruff, configured in pyproject.toml).
# One pytest-xdist worker per processor: the layers together take about twice as long on one.
test: $(TEST_READY) $(NODE_READY) browser qr-reader lint
	$(BIN)/python -m pytest -n auto --dist worksteal

lint: $(TEST_READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The tests without the real guide, a browser test or a slow one (layers: pyproject.toml): under
# a minute on two cores, one pytest-xdist worker per core. A fixture site that builds still prints
# a PDF, hence the browser.
test-fast: $(TEST_READY) browser
	$(BIN)/python -m pytest -m "not content and not browser and not slow" -n auto --dist worksteal

# zbarimg (Debian's zbar-tools) reads the printed QR codes back in the tests: installed where
# we may (root with apt-get), otherwise the tests say what to install.
qr-reader:
	@command -v zbarimg >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null; } || \
	  echo "zbarimg is missing: install Debian's zbar-tools to read the QR codes in the tests."

# A browser for PDFs and browser tests: see scripts/browser.py for where it looks.
browser: $(READY)
	$(BIN)/python scripts/browser.py --install

# The build's packages, and the engine itself (scripts/guide, editable: MkDocs finds the guide
# plugin by its entry point in pyproject.toml).
$(READY): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	touch $@

# The tests' own tools (pytest, Hypothesis, PDF readers, ruff) on top of the build's.
$(TEST_READY): $(READY) requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# The website built with ProperDocs, the maintained continuation of MkDocs 1.x, in its own venv
# (requirements-properdocs.txt): the same mkdocs.yml, the guide plugin as it is, into dist-properdocs/.
# Moving off MkDocs 1.6 is this command in place of `mkdocs build`.
PROPERDOCS_READY := .venv-properdocs/.ready
properdocs: $(PROPERDOCS_READY)
	@$(BIN)/python -m guide.config_gate mkdocs.yml
	.venv-properdocs/bin/properdocs build --strict --config-file mkdocs.yml --site-dir dist-properdocs

$(PROPERDOCS_READY): $(READY) requirements-properdocs.txt
	test -x .venv-properdocs/bin/python || $(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt -e .
	touch $@

# Benchmarks: the peers (bench/requirements.txt) in their own venv, Lighthouse from npm.
BENCH_READY := .venv-bench/.ready
# The helpers it shares with the tests (devtools/) are not part of the engine: found on PYTHONPATH.
bench: $(BENCH_READY) bench/node_modules/.ready browser
	PYTHONPATH=$(CURDIR) .venv-bench/bin/python bench/run.py

$(BENCH_READY): requirements.txt requirements-test.txt bench/requirements.txt pyproject.toml
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -r bench/requirements.txt -e .
	touch $@

bench/node_modules/.ready: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

$(NODE_READY): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf dist dist-properdocs .cache .pytest_cache
