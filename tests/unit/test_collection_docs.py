# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reference check's markup rule (tests/utils/collection_docs.py): markup left as text fails the check."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "utils"))

from collection_docs import unrendered_markup


def test_nested_macro_left_as_text_is_reported(tmp_path):
    # What antsibull-docs renders from B(Idempotency needs O(path).): the inner O( ends the outer B(.
    (tmp_path / "acmpca_certificate_module.rst").write_text(
        "Intro\n- :strong:`Idempotency needs O(path`.) With :literal:`path`, the module ...\n", encoding="utf-8"
    )
    problems = unrendered_markup(tmp_path)
    assert len(problems) == 1
    assert "acmpca_certificate_module.rst:2" in problems[0]
    assert "O(path" in problems[0]


def test_rendered_markup_and_plain_parentheses_pass(tmp_path):
    (tmp_path / "page.rst").write_text(
        ":strong:`Idempotency needs` :literal:`path`. A CA (root or subordinate) signs (RFC 5280).\n"
        "CSR (PEM), RSA (2048 bits), C (country) and O (organization).\n",
        encoding="utf-8",
    )
    assert unrendered_markup(tmp_path) == []
