# ensure-browser: the whole set-up is `make run` and `make test`.
# Both create .venv when it is missing and install the Debian packages they need (`make run` the app's,
# `make test` those and the tests' own).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# What the app needs at run time (Qt's xcb platform, fonts, PulseAudio/ALSA for QtMultimedia, NSS for
# QtPdf) and what only the tests need on top (a virtual X server, a keyring, desktop-file checks).
RUNDEPS := libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 \
           libxcb-shape0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libfontconfig1 \
           libdbus-1-3 libpulse0 libnss3 libasound2 fonts-dejavu-core
TESTDEPS := $(RUNDEPS) slapd ldap-utils xvfb xauth gnome-keyring dbus dbus-x11 openssl desktop-file-utils appstream \
            at-spi2-core python3-pyatspi pcmanfm xdotool
PYTEST_ARGS ?=

.PHONY: run test lint rundeps sysdeps venv clean e2e

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[demo,test,dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

# $(call apt-install,PACKAGES): install the Debian packages that are missing (sudo unless root); on a
# system without dpkg/apt it says what it could not check and goes on (the app names what it lacks).
define apt-install
	@if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "Not a Debian-like system: make sure the equivalents of these are installed: $(1)"; exit 0; fi; \
	missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

rundeps:
	$(call apt-install,$(RUNDEPS))

sysdeps:
	$(call apt-install,$(TESTDEPS))

run: rundeps venv
	$(PY) -m ensure_browser --demo

test: sysdeps venv
	dbus-run-session -- sh tests/with-keyring.sh $(PY) -m pytest -q $(PYTEST_ARGS)

e2e: sysdeps venv
	dbus-run-session -- sh tests/with-keyring.sh $(PY) -m pytest -q -m e2e $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check ensure_browser tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) $(LOWEST_VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Packaging (PyInstaller bundle, desktop/metainfo validation), benchmarks and the storage tests against
# the lowest allowed versions of the S3 libraries (test-lowest) live beside their code.
include packaging/Makefile.inc
include bench/Makefile.inc
include tests/Makefile.inc
