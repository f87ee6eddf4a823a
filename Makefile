# The two commands: `make run` serves on http://127.0.0.1:8000, `make test` runs the suite.
# Both install what is missing first (Debian packages, then a virtualenv with the project).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-nld tesseract-ocr-fra \
                tesseract-ocr-deu fonts-ocr-b fonts-dejavu-core
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck bench accuracy system-deps clean

run: system-deps $(VENV)/.installed
	$(BIN)/intake serve --host $(HOST) --port $(PORT)

test: system-deps $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

bench: system-deps $(VENV)/.installed
	$(BIN)/python -m benchmarks.blur_speed
	$(BIN)/python -m benchmarks.pipeline_throughput
	$(BIN)/python -m benchmarks.ocr_engines

accuracy: system-deps $(VENV)/.installed
	$(BIN)/python -m benchmarks.quality_accuracy
	$(BIN)/python -m benchmarks.extraction_accuracy

# Debian packages are installed only when something is missing, so a warm machine skips apt.
system-deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
