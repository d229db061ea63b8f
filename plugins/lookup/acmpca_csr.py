# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: acmpca_csr
short_description: Get the certificate signing requests (CSRs) of AWS Private CAs
version_added: 0.1.0
description:
  - Returns the certificate signing request (CSR) of each private certificate authority in AWS Private CA
    (ACM PCA) whose ARN is given, as the API call C(GetCertificateAuthorityCsr) gives it, in the order of the ARNs.
  - The lookup runs on the controller and sends its requests in parallel, up to O(max_concurrency) at a time,
    so fetching the CSRs of many CAs takes about as long as fetching one. Use it instead of a loop over
    M(privateca.aws.acmpca_csr_info) when you need many CSRs.
  - Every ARN is checked before any request is sent; a malformed one fails the lookup.
  - A CA exists in one region only, and its ARN names that region. Each request goes to its ARN's region;
    when a different region is configured, the lookup warns (once per region) and uses the ARN's.
  - While AWS is still creating a CSR, the lookup polls until it is there (see O(wait)).
  - Throttling and server errors are retried with jittered backoff.
author:
  - privateca.aws maintainers (@privateca)
options:
  _terms:
    description:
      - The ARNs of the private CAs, one per term, of the form
        C(arn:<partition>:acm-pca:<region>:<account id>:certificate-authority/<CA id>).
      - To pass a list of ARNs, unpack it with C(*) as in the examples below.
    type: list
    elements: str
    required: true
  max_concurrency:
    description:
      - How many requests to have in flight at the same time, at least 1.
      - AWS publishes a rate of 10 C(GetCertificateAuthorityCsr) requests per second per account and region;
        the default stays below it. A throttled request is retried with backoff, so a higher value is safe,
        but rarely faster.
    type: int
    default: 8
  on_missing:
    description:
      - What to do when a CA does not exist (AWS answers C(ResourceNotFoundException)).
      - V(error) fails the lookup.
      - V(warn) returns V(null) in that CA's place, with a warning.
      - V(skip) returns V(null) in that CA's place, silently.
      - Either way the result keeps one entry per ARN, so that it lines up with the ARNs;
        drop the V(null) entries with C(select).
    type: str
    default: error
    choices: [error, warn, skip]
  output:
    description:
      - V(pem) returns each CSR as a PEM string.
      - V(info) returns for each CA a dictionary with the keys C(csr), C(certificate_authority_arn) and
        C(csr_info), with the values M(privateca.aws.acmpca_csr_info) returns.
    type: str
    default: pem
    choices: [pem, info]
notes:
  - With more than one ARN, C(lookup) joins the PEM strings with commas, as it does for any lookup that
    returns several strings. Use C(query), or C(lookup) with C(wantlist=true), to get a list.
  - When several CAs fail, the lookup reports one of them, the first in the order of the ARNs among those
    that had failed when the lookup stopped. Requests that have not started by then are not sent.
  - Duplicate ARNs are fetched once.
  - C(csr_info) (with O(output=info)) needs the Python library C(cryptography) on the controller; without
    it the lookup leaves C(csr_info) out and warns.
seealso:
  - module: privateca.aws.acmpca_csr_info
  - module: community.crypto.x509_certificate
  - name: GetCertificateAuthorityCsr API reference
    description: The AWS API call this lookup makes.
    link: https://docs.aws.amazon.com/privateca/latest/APIReference/API_GetCertificateAuthorityCsr.html
  - name: AWS Private CA quotas
    description: The request rates AWS allows per account and region.
    link: https://docs.aws.amazon.com/general/latest/gr/pca.html
extends_documentation_fragment:
  - privateca.aws.acmpca
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
"""

EXAMPLES = r"""
- name: Get the CSR of one CA
  ansible.builtin.debug:
    msg: "{{ lookup('privateca.aws.acmpca_csr', 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012') }}"

- name: Get the CSRs of many CAs at once, in the order of the ARNs
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', *ca_arns) }}"

- name: Write each CSR to a file named after its CA
  ansible.builtin.copy:
    content: "{{ item.csr }}"
    dest: "/secure/ceremony/{{ item.certificate_authority_arn | split('/') | last }}.csr"
    mode: "0600"
  loop: "{{ query('privateca.aws.acmpca_csr', *ca_arns, output='info') }}"
  loop_control:
    label: "{{ item.csr_info.subject.commonName | default(item.certificate_authority_arn) }}"

- name: Ignore CAs that were deleted; their entries are null
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', *ca_arns, on_missing='warn') | select | list }}"

- name: Use a named profile, and fail at once if AWS is still creating a CSR
  ansible.builtin.set_fact:
    ca_csr: "{{ lookup('privateca.aws.acmpca_csr', ca_arn, profile='pki-admin', wait=false) }}"

- name: Gentler on the account's request rate, for a large estate shared with other jobs
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', *ca_arns, max_concurrency=2) }}"
"""

RETURN = r"""
_raw:
  description:
    - One entry per ARN, in the order of the ARNs.
    - With O(output=pem), the CSR in PEM format, exactly as the API returned it.
    - With O(output=info), a dictionary (see its keys below).
    - V(null) for a CA that does not exist, with O(on_missing=warn) or O(on_missing=skip).
  type: list
  elements: raw
  sample: ["-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----\n"]
  contains:
    csr:
      description: The CSR in PEM format, exactly as the API returned it.
      returned: O(output=info)
      type: str
      sample: "-----BEGIN CERTIFICATE REQUEST-----\nMIIC...\n-----END CERTIFICATE REQUEST-----\n"
    certificate_authority_arn:
      description: The ARN of the CA, as given.
      returned: O(output=info)
      type: str
      sample: arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012
    csr_info:
      description:
        - The CSR parsed, with the keys, types and formats of M(community.crypto.openssl_csr_info);
          the same dictionary as RV(privateca.aws.acmpca_csr_info#module:csr_info).
      returned: O(output=info), when the Python library C(cryptography) is importable on the controller
      type: dict
      sample: {"subject": {"commonName": "Example Subordinate CA"}, "public_key_type": "RSA", "signature_valid": true}
"""

import threading
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from functools import partial
from typing import Any

from ansible.errors import AnsibleLookupError
from ansible.utils.display import Display

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import is_ansible_aws_error_code
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from ansible_collections.amazon.aws.plugins.plugin_utils.lookup import AWSLookupBase

from ansible_collections.privateca.aws.plugins.module_utils._acmpca import CLIENT_CONFIG
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import AcmPcaError
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import choose_region
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import csr_result
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import get_csr
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import missing_cryptography_warning
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._acmpca import retry_decorator

display = Display()

# botocore keeps 10 connections per client; with more threads than that, the extra
# ones would open and discard a connection per request.
BOTOCORE_POOL_CONNECTIONS = 10


class _Stopped(Exception):
    """Ends a worker's polling once the lookup has failed, so that the lookup does not wait for it."""


class _Missing:
    """Stands for a CA that does not exist, when on_missing lets the lookup go on."""

    def __init__(self, message: str):
        self.message = message


class LookupModule(AWSLookupBase):
    def run(self, terms, variables=None, **kwargs):
        super().run(terms, variables, **kwargs)  # options of the wrong type or choice fail here
        try:
            wait_timeout = check_wait_timeout(self.get_option("wait_timeout"))
            max_concurrency = _check_max_concurrency(self.get_option("max_concurrency"))
            ca_arns = [parse_ca_arn(term) for term in terms]
        except InvalidInputError as e:
            raise AnsibleLookupError(str(e)) from None  # the message says it all; a traceback adds nothing
        if not ca_arns:
            return []
        # Read here, once: the workers must not touch the plugin's option cache.
        on_missing, as_info = self.get_option("on_missing"), self.get_option("output") == "info"

        clients = self._clients_by_region(ca_arns, max_concurrency)
        fetch = partial(
            _fetch_one,
            wait=self.get_option("wait"),
            wait_timeout=wait_timeout,
            as_info=as_info,
            missing_is_error=on_missing == "error",
        )
        unique_arns = list({ca_arn.arn: ca_arn for ca_arn in ca_arns}.values())
        outcomes = _fetch_all(fetch, unique_arns, clients, max_concurrency)

        results = []
        for ca_arn in ca_arns:
            outcome = outcomes[ca_arn.arn]
            if isinstance(outcome, _Missing):
                if on_missing == "warn":
                    display.warning(f"Skipping {ca_arn.arn}: {outcome.message}")
                outcome = None
            results.append(outcome)
        if as_info and (cryptography_warning := missing_cryptography_warning()):
            display.warning(cryptography_warning)
        return results

    def _clients_by_region(self, ca_arns: list[CaArn], max_concurrency: int) -> dict[str, Any]:
        """One client per region, made here: creating boto3 sessions is not thread-safe, using clients is."""
        config = {**CLIENT_CONFIG, "max_pool_connections": max(BOTOCORE_POOL_CONNECTIONS, max_concurrency)}
        configured_region = self.region
        clients = {}
        for ca_arn in ca_arns:
            if ca_arn.region in clients:
                continue
            region, region_warning = choose_region(ca_arn, configured_region)
            if region_warning:
                display.warning(region_warning)
            # Without a retry decorator: its backoff state would be shared by every
            # request through the client; _fetch_one gives each request its own.
            clients[region] = self.client("acm-pca", region=region, config=config)
        return clients


def _check_max_concurrency(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"max_concurrency must be a whole number of at least 1, got {value!r}.")
    return value


def _fetch_all(fetch: Callable, ca_arns: list[CaArn], clients: dict[str, Any], max_concurrency: int) -> dict[str, Any]:
    """Fetch every CSR, at most max_concurrency at a time; return {arn: outcome}, or raise for the first failure."""
    stop = threading.Event()
    executor = ThreadPoolExecutor(max_workers=min(max_concurrency, len(ca_arns)), thread_name_prefix="acmpca_csr")
    futures = []
    try:
        futures = [executor.submit(fetch, clients[ca_arn.region], ca_arn, stop) for ca_arn in ca_arns]
        wait_for_futures(futures, return_when=FIRST_EXCEPTION)
    finally:
        # After a failure (or an interrupt) no other answer is needed: requests not yet
        # sent are dropped, and workers polling for a CSR stop at their next pause.
        stop.set()
        executor.shutdown(wait=True, cancel_futures=True)
    for future in futures:  # report the earliest term's failure, whatever order they came in
        error = None if future.cancelled() else future.exception()
        if isinstance(error, AcmPcaError):
            raise AnsibleLookupError(str(error)) from error
        if error is not None and not isinstance(error, _Stopped):
            raise error  # not an AWS answer but a fault here: keep its type and traceback
    return {ca_arn.arn: future.result() for ca_arn, future in zip(ca_arns, futures)}


def _fetch_one(
    client,
    ca_arn: CaArn,
    stop: threading.Event,
    *,
    wait: bool,
    wait_timeout: int,
    as_info: bool,
    missing_is_error: bool,
):
    """One CA's PEM (or info dict), or _Missing when on_missing lets the lookup go on; runs in a worker thread."""

    def sleep_unless_stopped(seconds: float) -> None:
        if stop.wait(seconds):
            raise _Stopped()

    # AWSRetry keeps its backoff state in the decorator: one per request keeps concurrent
    # requests from resetting and compounding each other's delays.
    retrying_client = RetryingBotoClientWrapper(client, retry_decorator())
    try:
        pem = get_csr(retrying_client, ca_arn, wait=wait, wait_timeout=wait_timeout, sleep=sleep_unless_stopped)
        return csr_result(ca_arn, pem) if as_info else pem
    except is_ansible_aws_error_code("ResourceNotFoundException") as e:
        if missing_is_error:
            raise
        return _Missing(e.message)
