# kulturdialog — two commands: `make report YEAR=2021` and `make test`. Both set everything up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every kernel of the venv (JupyterLab, plain papermill, the CLI) loads the report's display
# formatters: an analyst's DataFrames and figures are report content without a setup call.
KERNEL_CONFIG := $(VENV)/etc/ipython/ipython_kernel_config.py
YEAR   ?=
NOTEBOOK ?= annual_summary
EACH   ?=
LAB_ARGS ?=

.PHONY: setup report validate test unit lint lab lock clean docs

setup: $(STAMP) $(KERNEL_CONFIG)

$(KERNEL_CONFIG): | $(STAMP)
	mkdir -p $(dir $@)
	echo 'c.InteractiveShellApp.extensions = ["kulturdialog.notebook"]' > $@

$(STAMP): requirements.lock pyproject.toml scripts/install-system-deps
	scripts/install-system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

## Render reports/<YEAR>/ (every year with data when YEAR is empty)
report: setup
	$(BIN)/kulturdialog render $(if $(YEAR),$(YEAR),--all) --notebook $(NOTEBOOK) $(if $(EACH),--each $(EACH))

## Check a year's input without rendering
validate: setup
	$(BIN)/kulturdialog validate $(YEAR)

## Tests run in one process per core, at most four (pytest-xdist): the suite's renders mostly
## wait on kernels, LibreOffice and Typst, and each test makes its own project copy
PARALLEL = -n auto --maxprocesses=4

## Lint and run every test (unit tests and real end-to-end renders; veraPDF, LibreOffice)
test: setup lint
	scripts/install-system-deps --test
	scripts/install-test-tools
	$(BIN)/python -m pytest $(PARALLEL)

## Open the notebooks in JupyterLab; its kernel ("Python 3") is the project's .venv. As root
## (a container) JupyterLab wants --allow-root; LAB_ARGS adds options (--port=8890 --no-browser)
lab: setup
	KULTURDIALOG_ROOT=$(CURDIR) $(BIN)/jupyter lab --notebook-dir=notebooks \
	  $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

## The fast tests only (no end-to-end renders)
unit: setup
	$(BIN)/python -m pytest $(PARALLEL) -m "not e2e"

## ruff, ruff format, mypy (strict for run/) and the layer rule (import-linter, pyproject.toml)
lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

## Rewrite the column tables of docs/data-contract.md from the declaration (src/kulturdialog/contract.py)
docs: setup
	$(BIN)/python -m kulturdialog.data.contract_docs --docs

## Re-resolve the pinned dependencies of pyproject.toml into requirements.lock
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[test]'
	(echo "# Locked versions of every package (run: make lock). Install: pip install -r requirements.lock"; \
	 .lock-venv/bin/pip freeze --exclude-editable | grep -v '^kulturdialog') > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) reports/.staging reports/.locks
