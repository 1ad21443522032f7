# Two set-up commands on a fresh machine with Python 3.11 and make:
#   make demo   - virtualenv, install, run the example batch on an embedded Ray
#   make test   - install what the tests need (PostgreSQL too, as root), run the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo postgres chromium test unit integration lint typecheck bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/aicmo demo

# The tests start their own private PostgreSQL server from installed binaries; as root
# (a fresh CI machine) this installs Debian's postgresql, otherwise it says what to install.
postgres:
	PYTHON=$(PYTHON) bash scripts/ensure-postgres.sh

# The browser tests drive Debian's chromium through Playwright, which never downloads one;
# as root this installs it, otherwise it says what to install.
chromium:
	PYTHON=$(PYTHON) bash scripts/ensure-chromium.sh

test: $(STAMP) postgres chromium
	$(BIN)/ruff check .
	$(MAKE) typecheck
	$(BIN)/python -m pytest

unit: $(STAMP) postgres
	$(BIN)/python -m pytest tests/unit

integration: $(STAMP) postgres chromium
	$(BIN)/python -m pytest tests/integration

lint: $(STAMP)
	$(BIN)/ruff check .

# mypy over the packages and with the settings in pyproject.toml's [tool.mypy]
typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/overhead.py

clean:
	rm -rf .aicmo packs reports build *.egg-info
