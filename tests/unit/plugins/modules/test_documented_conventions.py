# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conventions every module documents the same way (CONTRIBUTING.md, "Results and options").

The lookup's wait_timeout default is checked with the lookup's tests (controller code cannot be imported here)."""

from __future__ import annotations

import pkgutil

import pytest
import yaml

from ansible_collections.privateca.aws.plugins import modules as modules_package
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import WAIT_TIMEOUT_DEFAULT
from ansible_collections.privateca.aws.tests.unit.plugins.modules._docs_helpers import attributes
from ansible_collections.privateca.aws.tests.unit.plugins.modules._docs_helpers import documentation
from ansible_collections.privateca.aws.tests.unit.plugins.modules._docs_helpers import load
from ansible_collections.privateca.aws.tests.unit.plugins.modules._docs_helpers import options

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


def test_every_module_is_found():
    assert "acmpca_certificate_authority" in MODULES and "acm_private_certificate" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_wait_timeout_has_the_one_default(name):
    documented = options(documentation(name))
    if "wait_timeout" in documented:
        assert documented["wait_timeout"]["default"] == WAIT_TIMEOUT_DEFAULT


@pytest.mark.parametrize("name", MODULES)
def test_a_ca_arn_option_is_called_certificate_authority_arn(name):
    for option, spec in options(documentation(name)).items():
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
