# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the ACM stand-in tests: one stand-in (ACM PCA and ACM) for all of them, started over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "utils"))

from moto_server import ACMPCA_STANDIN_COMMAND
from moto_server import running_moto_server

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCESS_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import SECRET_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import control

# Short waits, so that the tests see each state without waiting long; no assertion rests on a fixed sleep.
KNOBS = {
    "ACMPCA_STANDIN_CREATING_SECONDS": "0.2",
    "ACM_STANDIN_PENDING_SECONDS": "0.3",
    "ACM_STANDIN_RENEWAL_SECONDS": "0.3",
}


@pytest.fixture(scope="session")
def standin():
    """The URL of a stand-in started once for these tests."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_CONFIG_FILE", "/dev/null")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        with running_moto_server(server_command=ACMPCA_STANDIN_COMMAND, environment=KNOBS) as url:
            yield url


def _client(service: str, url: str):
    return boto3.client(
        service,
        region_name=REGION,
        endpoint_url=url,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


@pytest.fixture(scope="session")
def pca(standin):
    return _client("acm-pca", standin)


@pytest.fixture(scope="session")
def acm(standin):
    return _client("acm", standin)


@pytest.fixture
def config(standin):
    """Change the stand-in's knobs for one test; they are put back afterwards."""
    before = control(standin, "config")
    yield lambda **changes: control(standin, "config", changes)
    control(standin, "config", before)
