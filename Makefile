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

.PHONY: help venv tree lint format units sanity integration docs docs-check packaging ee-check ansible-lint test demo bench clean

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

test: lint units sanity integration

clean:
	rm -rf .tmp tests/output
