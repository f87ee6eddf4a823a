# The two commands: `make run` serves on http://127.0.0.1:8000, `make test` runs the suite.
# `make test` runs ruff check, ruff format --check, lint-imports, mypy and pytest.
# Both install what is missing first (Debian packages, then a virtualenv with the project).

SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-eng tesseract-ocr-nld tesseract-ocr-fra \
                tesseract-ocr-script-latn \
                tesseract-ocr-deu fonts-ocr-b fonts-dejavu-core jbig2dec \
                apache2-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint typecheck bench accuracy system-deps services clean

# Development keys for tenant `dev`, made anew (the previous ones revoked) on every start.
run: system-deps $(VENV)/.installed
	@$(BIN)/intake keys create --role portal --tenant dev --name "make run" --replace
	@$(BIN)/intake keys create --role caseworker --tenant dev --name "make run" --replace
	@$(BIN)/intake keys create --role admin --name "make run" --replace
	$(BIN)/intake serve --host $(HOST) --port $(PORT)

test: system-deps services lint typecheck
	$(BIN)/pytest

# Lint, format and the import contracts in pyproject.toml (which package may import which).
lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed
	$(BIN)/mypy

bench: system-deps $(VENV)/.installed
	$(BIN)/python -m benchmarks.blur_speed
	$(BIN)/python -m benchmarks.pipeline_throughput
	$(BIN)/python -m benchmarks.ocr_engines
	$(BIN)/python -m benchmarks.worker_scaling
	$(BIN)/python -m benchmarks.upload_latency

accuracy: system-deps $(VENV)/.installed
	$(BIN)/python -m benchmarks.quality_accuracy
	$(BIN)/python -m benchmarks.extraction_accuracy
	$(BIN)/python -m benchmarks.heldout_accuracy

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

# The suite talks to PostgreSQL, Redis and RabbitMQ on loopback; start any that is installed
# but stopped. A server that is not installed at all makes the tests that need it fail under CI.
services:
	@if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ] && \
	  ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  echo "starting PostgreSQL"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	fi
	@if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
	  echo "starting Redis"; \
	  mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
	    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	fi
	@if command -v rabbitmq-server >/dev/null && ! (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; then \
	  echo "starting RabbitMQ"; \
	  rabbitmq-server -detached; \
	  for i in $$(seq 60); do (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null && break; sleep 1; done; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
