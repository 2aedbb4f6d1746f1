# Two commands do all the set-up: `make run` starts quickreply, `make test` runs the whole test suite.
# Both create .venv when it is missing and install the project into it.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages the tests need: a virtual X server and tools for the end-to-end paste tests, the
# libraries Qt's xcb plugin loads, a tray host, CJK fonts so screenshots show Chinese, and the
# PostgreSQL server whose throwaway clusters the team tests start (tests/pgcluster.py).
SYSTEM_PACKAGES := postgresql xvfb xauth xdotool xclip openbox trayer x11-utils imagemagick fonts-noto-cjk \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xinerama0 libegl1 libgl1 libfontconfig1 libdbus-1-3

.PHONY: run test venv sysdeps lint clean

run: $(STAMP)
	$(BIN)/quickreply

# The suite runs under coverage.py, which also measures every Python process the tests start (the
# tray app and the e2e driver); tests/coverage_floors.py combines the data files and fails the run
# when app.py, deliver/capture.py or platform/x11.py falls under its floor.
test: sysdeps $(STAMP)
	rm -f .coverage .coverage.*
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m coverage run -m pytest
	$(BIN)/python tests/coverage_floors.py

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Installs what is missing on Debian as root; anywhere else it names what is missing and goes on
# (the tests that need an X server then skip, saying why).
sysdeps:
	@if ! command -v dpkg-query >/dev/null; then \
		command -v Xvfb >/dev/null || echo "quickreply: Xvfb not found; install Xvfb, xdotool, xclip, openbox and CJK fonts to run the X11 tests" >&2; \
		exit 0; \
	fi; \
	missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "quickreply: installing system packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
		echo "quickreply: missing system packages:$$missing" >&2; \
		echo "quickreply: install them with: sudo apt-get install$$missing" >&2; \
	fi

lint: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/ruff check quickreply tests
	$(BIN)/ruff format --check quickreply tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .coverage .coverage.* htmlcov
