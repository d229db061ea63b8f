# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A plugin's documentation as ansible-doc shows it, merged with the collection's own fragments.

Ansible's fragment loader needs the collection loader and controller code, which the modules' tests run
without; this reads the same fragment classes.
"""

from __future__ import annotations

import importlib

import yaml

from ansible_collections.privateca.aws.plugins.doc_fragments.acmpca import ModuleDocFragment as AcmPcaFragments
from ansible_collections.privateca.aws.plugins.doc_fragments.attributes import ModuleDocFragment as Attributes


def load(name: str):
    return importlib.import_module(f"ansible_collections.privateca.aws.plugins.modules.{name}")


def documentation(name: str) -> dict:
    return yaml.safe_load(load(name).DOCUMENTATION)


def options(doc: dict) -> dict:
    """The plugin's options with those of the collection's fragments it extends (its own win)."""
    return {**fragment_options(doc.get("extends_documentation_fragment", [])), **doc["options"]}


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
