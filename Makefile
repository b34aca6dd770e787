# Two commands for a fresh Debian machine with Python 3.11:
#   make run    set up and start the app on its built-in sample meetings
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SYSTEM_LIBS = libglib2.0-0 libgl1 libegl1 libfontconfig1 libxkbcommon0 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
	libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xinerama0 libx11-xcb1

# nginx: the sync tests serve a feed with a real nginx on loopback.
# libreoffice-writer-nogui: soffice typesets the real agenda texts as test PDFs (agenda PDF import).
# patchelf: a first-start test edits a copy of the Qt xcb plugin to need a missing library.
TEST_SYSTEM_PACKAGES = nginx libreoffice-writer-nogui patchelf

# nsis: makensis compiles the Windows installer's script here (packaging/windows).
DIST_SYSTEM_PACKAGES = nsis binutils

.PHONY: run test lint system-libs test-system-packages dist-system-packages install-missing venv screenshots bench samples translations dist clean

system-libs:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(SYSTEM_LIBS)"

test-system-packages:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(TEST_SYSTEM_PACKAGES)"

dist-system-packages:
	@$(MAKE) --no-print-directory install-missing PACKAGES="$(DIST_SYSTEM_PACKAGES)"

install-missing:
	@missing=""; for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "(if another apt-get or unattended-upgrades holds the package lock, waiting up to 2 minutes for it)"; \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=120 update -qq && \
	  $$SUDO apt-get -o DPkg::Lock::Timeout=120 install -y -qq $$missing; fi

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/activate

venv: $(BIN)/activate

run: system-libs venv
	$(BIN)/companion

test: system-libs test-system-packages venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check companion tests benchmarks docs
	$(BIN)/ruff format --check companion tests benchmarks docs
	$(BIN)/python -m mypy companion

lint: venv
	$(BIN)/ruff check companion tests benchmarks docs
	$(BIN)/ruff format --check companion tests benchmarks docs
	$(BIN)/python -m mypy companion

screenshots: system-libs venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m companion.ui.screenshots docs/screenshots
	$(BIN)/python docs/make_export_sample.py docs/export-notes-first-page.png

bench: system-libs venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py

# Collect the window's strings into the Danish translation (then translate the new ones).
translations: venv
	$(BIN)/pyside6-lupdate -no-obsolete -locations none $$(find companion/ui companion/core -name '*.py' | sort) \
		-ts resources/translations/companion_da.ts

samples: venv
	$(BIN)/python -m companion.core.samples build resources/agendas resources/samples

# The installers (packaging/README.md): the wheel, the Linux bundle as .deb and .tar.gz in
# dist/, and the Windows installer script compiled by makensis against a stand-in payload.
dist: dist-system-packages
	PYTHON=$(PYTHON) packaging/linux/build.sh
	packaging/windows/check_nsis.sh

clean:
	rm -rf $(VENV) build dist *.egg-info
