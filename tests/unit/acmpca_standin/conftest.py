# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures of the stand-in tests: one ACM PCA stand-in for all of them, started over HTTP."""

from __future__ import annotations

import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "utils"))

from moto_server import running_acmpca_standin

from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import ACCESS_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import REGION
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import SECRET_KEY
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import activate_root
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import control
from ansible_collections.privateca.aws.tests.unit.acmpca_standin._standin_helpers import create


@pytest.fixture(scope="session")
def standin():
    """The URL of a stand-in whose CAs are CREATING for 0.2 s, started once for these tests."""
    with pytest.MonkeyPatch.context() as patch:
        # Nothing of this machine's AWS settings may reach the clients or the server.
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_CONFIG_FILE", "/dev/null")
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        with running_acmpca_standin(creating_seconds=0.2, audit_report_seconds=0.2) as url:
            yield url


@pytest.fixture(scope="session")
def pca(standin):
    return boto3.client(
        "acm-pca",
        region_name=REGION,
        endpoint_url=standin,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


@pytest.fixture(scope="session")
def s3(standin):
    return boto3.client(
        "s3", region_name=REGION, endpoint_url=standin, aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY
    )


@pytest.fixture
def config(standin):
    """Change the stand-in's knobs for one test; they are put back afterwards."""
    before = control(standin, "config")
    yield lambda **changes: control(standin, "config", changes)
    control(standin, "config", before)


@pytest.fixture
def active_root(pca):
    arn = create(pca, "ROOT")
    return arn, activate_root(pca, arn)
