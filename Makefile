# make demo / make test set themselves up in .venv on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SHARED ?= ../shared
# pywb in an environment of its own (its exact pins must not decide ours); rdarchive finds it there.
PYWB_VENV := $(VENV)/pywb
PYWB_SPEC := pywb>=2.10,<3
# What the browser tests need from Debian: headless Chromium, its driver, a font that has Chinese.
BROWSER_PACKAGES := chromium chromium-driver fonts-wqy-microhei
# What reads DOC, WPS and XLS attachments (catdoc, xls2csv); without it they are kept without text, saying why.
ATTACHMENT_PACKAGES := catdoc

.PHONY: install demo test lint bench fields clean browser screenshots attachments

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	test -x $(PYWB_VENV)/bin/python || $(PYTHON) -m venv $(PYWB_VENV)
	$(PYWB_VENV)/bin/python -m pip install -q '$(PYWB_SPEC)'
	touch $(STAMP)

install: $(STAMP)

# `make demo DEMO_DB=postgresql+psycopg2://...` crawls the samples into that archive instead of data/demo.db.
DEMO_DB ?=
demo: $(STAMP) attachments
	$(BIN)/rdarchive $(if $(DEMO_DB),--db '$(DEMO_DB)') demo --dir data

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

# Installs Chromium, ChromeDriver and a CJK font when they are missing and this is a Debian machine
# run as root; otherwise says so, and tests/test_browser.py skips with the reason.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk'; then \
		echo "browser tests: $$(chromium --version 2>/dev/null | head -1), $$(chromedriver --version | head -1)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(BROWSER_PACKAGES)) >/tmp/rdarchive-browser-install.log 2>&1 \
			&& echo "browser tests: installed $(BROWSER_PACKAGES)" \
			|| echo "browser tests will be skipped: apt-get could not install $(BROWSER_PACKAGES) (see /tmp/rdarchive-browser-install.log)"; \
	else \
		echo "browser tests will be skipped: install $(BROWSER_PACKAGES) (Debian) to run them"; \
	fi

# Installs catdoc when missing on a Debian machine run as root; otherwise says so.
attachments:
	@if command -v catdoc >/dev/null; then \
		echo "attachments: DOC/WPS/XLS text by $$(command -v catdoc)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		(apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(ATTACHMENT_PACKAGES)) >/tmp/rdarchive-attachments-install.log 2>&1 \
			&& echo "attachments: installed $(ATTACHMENT_PACKAGES)" \
			|| echo "DOC/WPS/XLS attachments will be kept without text: apt-get could not install $(ATTACHMENT_PACKAGES)"; \
	else \
		echo "DOC/WPS/XLS attachments will be kept without text: install $(ATTACHMENT_PACKAGES) (Debian) to read them"; \
	fi

test: lint browser attachments
	$(BIN)/python -m pytest

# The README's screenshots: the browser test's journey, its screenshots kept in docs/img.
screenshots: $(STAMP) browser
	RDARCHIVE_SCREENSHOTS=docs/img $(BIN)/python -m pytest -q tests/test_browser.py

# After a change to core/article_fields.py: the generated columns in models/tables.py
# and docs/export.schema.json (tests/test_article_fields.py fails while they are stale).
fields: $(STAMP)
	$(BIN)/cog -r models/tables.py
	$(BIN)/python -m rdarchive.export_schema

bench: $(STAMP)
	$(BIN)/python benchmarks/extraction.py $(SHARED)/bench

clean:
	rm -rf $(VENV) data build *.egg-info .pytest_cache
