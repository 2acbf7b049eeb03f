# ZVH keten — the two commands a newcomer needs: `make up` and `make test`.
SHELL := /bin/bash
PY ?= 3.11
UV := python3 -m uv
VENV := .venv
HTMX := services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/htmx.min.js
HTMX_SSE := services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/htmx-ext-sse.js
# NL Design System: the Utrecht component CSS and its design tokens (the base theme our ZVH theme,
# static/zvh-theme.css, overrides). Pinned; fetched from the npm registry like htmx (docs/ui.md).
NLDS_CSS := services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/utrecht-component-library.css
NLDS_TOKENS := services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/utrecht-design-tokens.css
CHARTJS := services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/chart.umd.min.js
# mypy checks our packages as installed typed packages (py.typed, editable in .venv): a call from
# one package into another is checked against the real signature (config: pyproject [tool.mypy]).
MYPY_PACKAGES := -p zvh_contracts -p zvh_platform -p zvh_intake -p zvh_overleg -p zvh_consent \
	-p zvh_notify -p zvh_local
# The test folders too, one run each: their helper modules (overleg_fakes, …) are found through
# MYPYPATH as pytest finds them (each conftest puts its folder on sys.path). tests/fault imports
# its conftest relatively, so it runs from the repository root instead.
MYPY_TEST_DIRS := $(wildcard services/*/tests) deploy/local/tests \
	$(filter-out tests/fault,$(patsubst %/,%,$(wildcard tests/*/)))

.PHONY: help install up demo trace bench seed test test-fast lint contracts browser-deps services-deps clean

help: ## Show the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: ## Create .venv with every package (uv workspace, locked)
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@$(UV) sync --quiet -p $(PY) --all-packages --frozen
	@$(MAKE) --no-print-directory $(HTMX) $(HTMX_SSE) $(NLDS_CSS) $(NLDS_TOKENS) $(CHARTJS)
	@bash deploy/local/ensure-pdf-libs.sh

$(HTMX):
	@mkdir -p $(dir $(HTMX))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent htmx.org@2.0.4 >/dev/null 2>&1 && tar xzf htmx.org-*.tgz) \
	  && cp $$tmp/package/dist/htmx.min.js $(HTMX) && echo "htmx fetched from the npm registry" \
	  || echo "note: htmx could not be fetched (no npm?); the UI works without it, without live updates"; \
	  rm -rf $$tmp

# htmx's server-sent events extension: the casus actielijst and the projectie follow changes live.
$(HTMX_SSE):
	@mkdir -p $(dir $(HTMX_SSE))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent htmx-ext-sse@2.2.4 >/dev/null 2>&1 && tar xzf htmx-ext-sse-*.tgz) \
	  && cp $$tmp/package/dist/sse.min.js $(HTMX_SSE) && echo "htmx-ext-sse fetched from the npm registry" \
	  || echo "note: htmx-ext-sse could not be fetched (no npm?); live pages fall back to a reload"; \
	  rm -rf $$tmp

# NL Design System components (EUPL-1.2): the staff UI's classes are utrecht-* (docs/ui.md).
$(NLDS_CSS):
	@mkdir -p $(dir $(NLDS_CSS))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent @utrecht/component-library-css@9.0.4 >/dev/null 2>&1 && tar xzf utrecht-component-library-css-*.tgz) \
	  && cp $$tmp/package/dist/index.css $(NLDS_CSS) && echo "NL Design System components fetched from the npm registry" \
	  || echo "note: @utrecht/component-library-css could not be fetched (no npm?); the UI works, unstyled"; \
	  rm -rf $$tmp

# The design tokens' theme (custom properties under .utrecht-theme); zvh-theme.css sets our own.
$(NLDS_TOKENS):
	@mkdir -p $(dir $(NLDS_TOKENS))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent @utrecht/design-tokens@5.0.1 >/dev/null 2>&1 && tar xzf utrecht-design-tokens-*.tgz) \
	  && cp $$tmp/package/dist/theme.css $(NLDS_TOKENS) && echo "NL Design System design tokens fetched from the npm registry" \
	  || echo "note: @utrecht/design-tokens could not be fetched (no npm?); the UI works, unstyled"; \
	  rm -rf $$tmp

# Chart.js draws the dashboard's charts; every chart has its table beside it, so the page works
# (and reads) without it.
$(CHARTJS):
	@mkdir -p $(dir $(CHARTJS))
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent chart.js@4.5.1 >/dev/null 2>&1 && tar xzf chart.js-*.tgz) \
	  && cp $$tmp/package/dist/chart.umd.min.js $(CHARTJS) && echo "chart.js fetched from the npm registry" \
	  || echo "note: chart.js could not be fetched (no npm?); the dashboard shows its tables without charts"; \
	  rm -rf $$tmp

up: install ## Start broker, topics, the four services and demo data (Ctrl-C stops)
	@$(VENV)/bin/zvh up

demo: ## Play a partner adapter against a running `make up`
	@$(VENV)/bin/zvh demo

trace: ## Print a trace as a tree: make trace ID=<trace-id|melding-id>
	@$(VENV)/bin/zvh trace $(ID)

bench: install ## Server times of the busiest pages (own stack on free ports): make bench
	@$(VENV)/bin/zvh bench overleg

seed: ## Submit demo meldingen to a running stack
	@$(VENV)/bin/zvh seed

lint: install ## ruff, import-linter (layering) and mypy
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .
	@$(VENV)/bin/lint-imports
	@$(VENV)/bin/mypy $(MYPY_PACKAGES)
	@for d in $(MYPY_TEST_DIRS); do MYPYPATH=$$d $(VENV)/bin/mypy --no-error-summary $$d || exit 1; done
	@$(VENV)/bin/mypy --no-error-summary tests/fault

contracts: install ## Regenerate JSON Schemas and AsyncAPI from the models
	@$(VENV)/bin/python -m zvh_contracts.schema contracts

services-deps:
	@bash deploy/local/ensure-test-services.sh

browser-deps:
	@bash deploy/local/ensure-chromium.sh

test: install services-deps browser-deps lint ## Everything: lint, unit, contract, policy, integration, e2e, browser
	@$(VENV)/bin/pytest contracts tests services deploy/local/tests

test-fast: install ## Unit, contract and policy tests only (no broker, no processes, no browser)
	@$(VENV)/bin/pytest contracts tests/contract tests/badinput services deploy/local/tests -m "not postgres and not broker and not e2e and not browser and not fault"

clean: ## Remove runtime data (var/)
	rm -rf var
