# privateca.aws development tasks. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
VPY := $(abspath $(VENV))/bin/python
VBIN := $(abspath $(VENV))/bin
# ansible-test and ansible-playbook need the collection under ansible_collections/<namespace>/<name>.
TREE := $(abspath .tmp/collections)
COLLECTION := $(TREE)/ansible_collections/privateca/aws
export ANSIBLE_COLLECTIONS_PATH := $(TREE)
export PATH := $(VBIN):$(PATH)

.PHONY: help venv tools tree lint format units sanity integration docs docs-check changelog packaging ee-check ansible-lint test demo bench rerun-calls clean

help:
	@echo "make demo   - fetch a CSR from a local stand-in for AWS with the module"
	@echo "make test   - run every check and test (lint, units, sanity, integration, docs, packaging)"
	@echo "make bench  - measure the module and the lookup; writes docs/performance.md"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Docs, changelog, packaging and lint tools (requirements-tools.txt) in a virtualenv of their own:
# galaxy-importer's pins (attrs<24, flake8<7) would downgrade requirements-dev.txt's. Git must ignore it.
TOOLS_VENV ?= .venv-tools
TOOLS_FLAGS = --tools-venv $(TOOLS_VENV)

$(TOOLS_VENV)/.installed: requirements-tools.txt
	test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TOOLS_VENV)/bin/python -m pip install --quiet -r requirements-tools.txt
	touch $@

tools: $(TOOLS_VENV)/.installed

# A copy of the collection (ansible-test refuses symlinks out of the tree) beside the
# amazon.aws and community.crypto collections that PyPI's ansible package ships.
tree: venv
	$(VPY) tests/utils/collection_tree.py --dest $(TREE)

lint: venv
	$(VBIN)/ruff check .
	$(VBIN)/ruff format --check .

format: venv
	$(VBIN)/ruff check --fix .
	$(VBIN)/ruff format .

units: tree
	cd $(COLLECTION) && $(VPY) -m pytest -q tests/unit

sanity: tree
	$(VPY) tests/utils/install_get_pip_standin.py
	cd $(COLLECTION) && $(VBIN)/ansible-test sanity --venv --python 3.11 --color no

# ansible-playbook against a moto server and the fault endpoint, both started and stopped here.
integration: tree
	$(VPY) tests/integration/run_integration.py --collection $(COLLECTION)

demo: tree
	$(VPY) demo/run_demo.py

bench: tree
	$(VPY) benchmarks/run_benchmark.py --collection $(COLLECTION)

# Which requests each writing module sends when run again with the same input (none of them a write).
rerun-calls: tree
	cd $(COLLECTION) && $(VPY) benchmarks/rerun_calls.py

# Reference pages generated from the plugins' own docs; the check fails when they are stale or do not lint.
docs: venv tools
	$(VPY) tests/utils/collection_docs.py generate $(TOOLS_FLAGS)

docs-check: venv tools
	$(VPY) tests/utils/collection_docs.py check $(TOOLS_FLAGS)

changelog: venv tools
	$(VPY) tests/utils/changelog_check.py $(TOOLS_FLAGS)

# Build, install the tarball into an empty path, ansible-doc every plugin, then galaxy-importer.
packaging: venv tools
	$(VPY) tests/utils/packaging_check.py $(TOOLS_FLAGS)

# ansible-builder introspect/create, and the unit tests on the lowest versions requirements.txt allows.
ee-check: venv tools
	$(VPY) tests/utils/ee_check.py $(TOOLS_FLAGS)

ansible-lint: venv tools
	$(VPY) tests/utils/lint_playbooks.py $(TOOLS_FLAGS)

test: lint units sanity integration docs-check changelog packaging ee-check ansible-lint

clean:
	rm -rf .tmp tests/output $(TOOLS_VENV)
