# privateca.aws development tasks. `make demo` and `make test` are all a newcomer needs.
# The checks and tests are nox sessions (noxfile.py, antsibull-nox.toml); `make list` names them, and
# `make session S=<name>` runs one (see CONTRIBUTING.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
VPY := $(abspath $(VENV))/bin/python
# Sessions that allow it run three at a time: the integration session spends much of its time waiting for the
# stand-in (CAs being created, retries), so a third session keeps two cores busy. `make test JOBS=1` runs them
# in turn.
JOBS ?= 3
NOX := $(abspath $(VENV))/bin/nox
NOX_FLAGS ?= --no-color --parallel $(JOBS) --allow-parallel

# amazon.aws and community.crypto from PyPI's ansible package (Ansible Galaxy is not reachable from every
# machine); antsibull-nox finds them on this path and never downloads a collection.
COLLECTIONS := $(abspath .tmp/collections)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH := false
export ANTSIBULL_NOX_INSTALL_COLLECTIONS := never
# python3.9 ... python3.13 for nox and ansible-test, linked from wherever they are installed (pyenv's
# shims on PATH may name interpreters they cannot run).
PYTHONS := $(abspath .tmp/pythons)
PYTHON_VERSIONS := 3.9 3.10 3.11 3.12 3.13
# .venv/bin too: antsibull-nox lists the collections with the ansible-galaxy it finds on PATH.
export PATH := $(PYTHONS):$(abspath $(VENV))/bin:$(PATH)

.PHONY: help venv collections tree pythons list session test test-matrix format lint units sanity integration integration-newest reliability-report docs docs-check demo standin bench rerun-calls clean

help:
	@echo "make demo   - a private CA's life against a local stand-in for AWS: a root CA created, self-signed"
	@echo "              and activated, a server certificate issued (and kept on a second run)"
	@echo "make standin - the stand-in for AWS on 127.0.0.1:5000 for your own playbooks, until Ctrl-C;"
	@echo "              source .tmp/standin/env.sh in another shell, then ansible-playbook (README)"
	@echo "make test   - run every check and test through nox (lint, units and sanity on each ansible-core,"
	@echo "              integration, docs, changelog, build and import); leaves the working tree as it was"
	@echo "make test-matrix - make test, the units of every ansible-core minor between the oldest and newest,"
	@echo "              and make integration-newest"
	@echo "make integration-newest - the integration tests with the amazon.aws and community.crypto of PyPI's"
	@echo "              newest ansible (ansible-core 2.21's users; make test runs them with ansible 12.3.0's)"
	@echo "make list   - the nox sessions; make session S=<name> runs one"
	@echo "make bench  - measure the module and the lookup; writes docs/performance.md"
	@echo "make docs   - regenerate docs/docsite/reference/ from the plugins' documentation"
	@echo "make reliability-report - run the integration tests and write docs/reliability.md"

# nox and antsibull-nox (requirements-dev.txt); every session makes its own virtualenv under .nox/.
$(VENV)/.installed: requirements-dev.txt
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

$(COLLECTIONS)/.from-wheel: requirements-collections.txt tests/utils/collection_tree.py | $(VENV)/.installed
	$(VPY) tests/utils/collection_tree.py --collections $(COLLECTIONS)

# The collections PyPI's ansible package ships for the newest core (requirements-collections-newest.txt), as
# its users install them: the units-newest-collections session and the benchmark run with them.
export NEWEST_COLLECTIONS := $(abspath .tmp/collections-newest)
$(NEWEST_COLLECTIONS)/.from-wheel: requirements-collections-newest.txt tests/utils/collection_tree.py | $(VENV)/.installed
	$(VPY) tests/utils/collection_tree.py --collections $(NEWEST_COLLECTIONS) --pins requirements-collections-newest.txt

collections: $(COLLECTIONS)/.from-wheel $(NEWEST_COLLECTIONS)/.from-wheel

# A copy of the collection beside its dependencies, for ansible-test or ansible-playbook by hand with
# .venv's ansible-core and libraries: make tree TREE=/tmp/tree.
TREE ?= .tmp/tree
tree: venv collections
	$(VPY) tests/utils/collection_tree.py --collections $(COLLECTIONS) --copy $(TREE)

pythons:
	@mkdir -p $(PYTHONS)
	@for version in $(PYTHON_VERSIONS); do \
	  found=""; \
	  for candidate in "$$(command -v python$$version)" $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$version.*/bin/python3 2>/dev/null | sort -V -r) /usr/bin/python$$version /usr/local/bin/python$$version; do \
	    if [ -n "$$candidate" ] && [ "$$candidate" != "$(PYTHONS)/python$$version" ] && "$$candidate" -c 'import ensurepip, ssl, sqlite3' >/dev/null 2>&1; then found="$$candidate"; break; fi; \
	  done; \
	  if [ -n "$$found" ]; then ln -sfn "$$found" $(PYTHONS)/python$$version; \
	  else rm -f $(PYTHONS)/python$$version; echo "python$$version not found: sessions that need it will fail" >&2; fi; \
	done

list: venv
	$(NOX) --list

session: venv collections pythons
	$(NOX) $(NOX_FLAGS) -s $(S) $(if $(ARGS),-- $(ARGS))

# CI=true: the formatters session checks instead of rewriting files, so that make test leaves the working
# tree as it found it (make format rewrites them).
# The output is kept in .tmp/make-test.log; when a session fails, the lines that say what failed are repeated
# at the end, where a CI excerpt of the last lines shows them.
test: venv collections pythons
	@set -o pipefail; CI=true $(NOX) $(NOX_FLAGS) 2>&1 | tee .tmp/make-test.log || { \
	  echo "== what failed (all of the output: .tmp/make-test.log)"; \
	  grep -E '^(FAILED|ERROR) |^E  |^ERROR: |[0-9]+ (failed|error)|Session .* (failed|aborted)' .tmp/make-test.log | tail -n 40; \
	  exit 1; }

# make test, the units of every ansible-core minor between the oldest and the newest, and the integration tests
# with the newest collections.
test-matrix: venv collections pythons
	CI=true $(NOX) $(NOX_FLAGS)
	CI=true $(NOX) $(NOX_FLAGS) -t matrix
	$(MAKE) integration-newest

format: venv collections
	CI=false $(NOX) $(NOX_FLAGS) -s formatters

lint: venv collections
	CI=true $(NOX) $(NOX_FLAGS) -s lint

units: venv collections pythons
	$(NOX) $(NOX_FLAGS) -t units

sanity: venv collections pythons
	$(NOX) $(NOX_FLAGS) -t sanity

# The integration tests, and docs/reliability.md regenerated from their results (make test writes the
# report to tests/output/ instead, so that it leaves the working tree as it found it).
integration reliability-report: venv collections pythons
	$(NOX) $(NOX_FLAGS) -s integration -- --doc docs/reliability.md

# The same integration tests with the amazon.aws and community.crypto that ansible-core 2.21's users get from PyPI's
# ansible (requirements-collections-newest.txt); make test's run has ansible 12.3.0's. A second pass does not fit
# in make test's 20 minutes. The report goes to tests/output/.
integration-newest: venv pythons $(NEWEST_COLLECTIONS)/.from-wheel
	ANSIBLE_COLLECTIONS_PATH=$(NEWEST_COLLECTIONS) $(NOX) $(NOX_FLAGS) -s integration

docs: venv collections pythons
	$(NOX) $(NOX_FLAGS) -s docs-reference -- generate

docs-check: venv collections pythons
	$(NOX) $(NOX_FLAGS) -s docs-check docs-reference guide-tested

demo: venv collections pythons
	$(NOX) $(NOX_FLAGS) -s demo

# The stand-in for your own playbooks (README, "Your own playbooks without AWS"); the collection is the copy
# in $(TREE), made anew each time.
STANDIN_PORT ?= 5000
standin: tree
	$(VPY) tests/utils/standin_shell.py --port $(STANDIN_PORT) --dir $(abspath .tmp/standin) \
	  --collections-path $(abspath $(TREE))

bench: venv pythons $(NEWEST_COLLECTIONS)/.from-wheel
	ANSIBLE_COLLECTIONS_PATH=$(NEWEST_COLLECTIONS) $(NOX) $(NOX_FLAGS) -s bench $(if $(ARGS),-- $(ARGS))

# Which requests each writing module sends when run again with the same input (none of them a write).
rerun-calls: tree
	cd $(abspath $(TREE))/ansible_collections/privateca/aws && ANSIBLE_COLLECTIONS_PATH=$(abspath $(TREE)) $(VPY) benchmarks/rerun_calls.py

clean:
	rm -rf .tmp .nox tests/output
