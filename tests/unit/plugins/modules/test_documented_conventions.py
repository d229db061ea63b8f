# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conventions every module documents the same way (CONTRIBUTING.md, "Results and options")."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
import yaml

from ansible_collections.privateca.aws.plugins import modules as modules_package
from ansible_collections.privateca.aws.plugins.doc_fragments.acmpca import ModuleDocFragment as AcmPcaFragments
from ansible_collections.privateca.aws.plugins.doc_fragments.attributes import ModuleDocFragment as Attributes
from ansible_collections.privateca.aws.plugins.lookup import acmpca_csr
from ansible_collections.privateca.aws.plugins.module_utils._aws.waiter import WAIT_TIMEOUT_DEFAULT

MODULES = sorted(info.name for info in pkgutil.iter_modules(modules_package.__path__))

# Nested results whose keys are not the collection's to list: named by the user, by X.509 or by the API
# reference that the description names.
FREE_FORM = {
    "tags": "tag keys are the user's",
    "policy": "an IAM policy document",
    "subject": "X.509 attribute names",
    "issuer": "X.509 attribute names",
    "fingerprints": "one entry per hash algorithm",
    "public_key_fingerprints": "one entry per hash algorithm",
    "extensions_by_oid": "keyed by the extensions' OIDs",
    "csr_extensions": "the API's CsrExtensions in snake_case",
    "crl_configuration": "the API's CrlConfiguration in snake_case",
    "ocsp_configuration": "the API's OcspConfiguration in snake_case",
}


def load(name: str):
    return importlib.import_module(f"ansible_collections.privateca.aws.plugins.modules.{name}")


def documentation(name: str) -> dict:
    return yaml.safe_load(load(name).DOCUMENTATION)


def fragment_options(names: list[str]) -> dict:
    """The options that the collection's own doc fragments among ``names`` add (as ansible-doc merges them)."""
    options: dict = {}
    for fragment in names:
        if fragment.startswith("privateca.aws.acmpca"):
            part = fragment.split(".")[3].upper() if fragment.count(".") == 3 else "DOCUMENTATION"
            options.update(yaml.safe_load(getattr(AcmPcaFragments, part)).get("options") or {})
    return options


def attributes(name: str) -> dict:
    """The module's attributes as ansible-doc shows them: the fragments', then the module's own over them."""
    doc = documentation(name)
    merged: dict = {}
    for fragment in doc.get("extends_documentation_fragment", []):
        if fragment.startswith("privateca.aws.attributes"):
            part = fragment.split(".")[3].upper() if fragment.count(".") == 3 else "DOCUMENTATION"
            merged.update(yaml.safe_load(getattr(Attributes, part)).get("attributes") or {})
    merged.update(doc.get("attributes") or {})
    return merged


def test_every_module_is_found():
    assert "acmpca_certificate_authority" in MODULES and "acm_private_certificate" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_wait_timeout_has_the_one_default(name):
    doc = documentation(name)
    options = {**fragment_options(doc.get("extends_documentation_fragment", [])), **doc["options"]}
    if "wait_timeout" in options:
        assert options["wait_timeout"]["default"] == WAIT_TIMEOUT_DEFAULT


def test_the_lookup_waits_as_long_by_default():
    doc = yaml.safe_load(acmpca_csr.DOCUMENTATION)
    options = {**fragment_options(doc.get("extends_documentation_fragment", [])), **doc["options"]}
    assert options["wait_timeout"]["default"] == WAIT_TIMEOUT_DEFAULT


@pytest.mark.parametrize("name", MODULES)
def test_a_ca_arn_option_is_called_certificate_authority_arn(name):
    doc = documentation(name)
    options = {**fragment_options(doc.get("extends_documentation_fragment", [])), **doc["options"]}
    for option, spec in options.items():
        text = " ".join(spec.get("description") or []) if isinstance(spec.get("description"), list) else ""
        if "ARN of the private CA" in text or "resource_arn" in (spec.get("aliases") or []):
            assert option == "certificate_authority_arn", f"{name}: {option}"


def _undocumented(returned: dict, path: str = "") -> list[str]:
    missing = []
    for key, spec in (returned or {}).items():
        nested = spec.get("type") == "dict" or (spec.get("type") == "list" and spec.get("elements") == "dict")
        if nested and "contains" not in spec and key not in FREE_FORM:
            missing.append(path + key)
        missing += _undocumented(spec.get("contains"), f"{path}{key}.")
    return missing


@pytest.mark.parametrize("name", MODULES)
def test_every_nested_result_lists_its_keys(name):
    assert _undocumented(yaml.safe_load(load(name).RETURN)) == []


@pytest.mark.parametrize("name", MODULES)
def test_every_module_states_check_diff_and_idempotence_support(name):
    declared = attributes(name)
    for attribute in ("check_mode", "diff_mode", "idempotent"):
        assert declared[attribute]["support"] in ("full", "partial", "none", "N/A"), f"{name}: {attribute}"
        if declared[attribute]["support"] in ("partial", "none"):
            assert declared[attribute].get("details"), f"{name}: say when {attribute} does not hold"
