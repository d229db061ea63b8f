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
  - Every ARN and every option is checked before any request is sent; a malformed ARN, or a keyword option
    the lookup does not know (such as a misspelt one), fails the lookup.
  - A CA exists in one region only, and its ARN names that region. Each request goes to its ARN's region,
    without a warning, whatever O(region) says (CSRs are read across regions in one lookup; see the
    region rule of the P(privateca.aws.acmpca_csr_info#module) documentation).
  - While AWS is still creating a CSR, the lookup polls until it is there (see O(wait)).
  - Throttling, server errors and unanswered requests are retried with jittered backoff within one
    O(time_budget) for the whole lookup. As soon as one CA has failed, every other request's backoff
    and polling stops, and requests not yet sent are not sent.
author:
  - privateca.aws maintainers (@privateca)
options:
  _terms:
    description:
      - The ARNs of the private CAs, of the form
        C(arn:<partition>:acm-pca:<region>:<account id>:certificate-authority/<CA id>).
      - Give them one per term, as a list (C(query('privateca.aws.acmpca_csr', ca_arns))), or both;
        lists, nested lists included, are flattened in order.
      - The ARN of a certificate a CA issued (C(.../certificate-authority/<CA id>/certificate/<serial>))
        is recognised, and the message gives the CA's ARN it contains.
    type: list
    elements: str
    required: true
  max_concurrency:
    description:
      - How many requests to have in flight at the same time, from 1 to 64.
      - No more threads or connections than there are distinct ARNs are made, whatever this says.
      - AWS publishes a rate of 10 C(GetCertificateAuthorityCsr) requests per second per account and region;
        the default stays below it. A throttled request is retried with backoff, so a higher value is safe,
        but rarely faster.
    type: int
    default: 8
  on_missing:
    description:
      - What to do when a CA does not exist (AWS answers C(ResourceNotFoundException)) or was deleted
        (its status is C(DELETED), so it has no CSR to give, though it can be restored during its restore period).
      - AWS answers a deleted CA's request with C(InvalidStateException), as it does for a C(FAILED) one;
        with V(warn) or V(skip), the lookup then asks C(DescribeCertificateAuthority) (IAM action
        C(acm-pca:DescribeCertificateAuthority)) which it is. A CA in any other state stays an error.
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
  aws_config:
    description:
      - "botocore client settings, as for the modules of amazon.aws, for example
        C(aws_config={'connect_timeout': 5, 'read_timeout': 10, 'retries': {'total_max_attempts': 3}})."
      - C(connect_timeout) defaults to 10 s and C(read_timeout) to 30 s; neither may exceed O(time_budget).
      - C(retries) replaces the time budget's retries (see O(time_budget)).
      - A setting botocore does not know fails the lookup.
    type: dict
    version_added: 0.2.0
  validate_certs:
    description:
      - When V(false), the endpoint's TLS certificate is not checked. Only for test endpoints.
    type: bool
    default: true
    version_added: 0.2.0
  aws_ca_bundle:
    description:
      - The CA bundle to check the endpoint's TLS certificate with.
    type: path
    version_added: 0.2.0
    env:
      - name: AWS_CA_BUNDLE
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
  - privateca.aws.acmpca.time_budget
  - privateca.aws.acmpca.requirements
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
"""

EXAMPLES = r"""
- name: Get the CSR of one CA
  ansible.builtin.debug:
    msg: "{{ lookup('privateca.aws.acmpca_csr', 'arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012') }}"

- name: Get the CSRs of many CAs at once, in the order of the ARNs
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', ca_arns) }}"

- name: Give up after 20 seconds in all if AWS keeps throttling or failing
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', ca_arns, time_budget=20, aws_config={'read_timeout': 5}) }}"

- name: Write each CSR to a file named after its CA
  ansible.builtin.copy:
    content: "{{ item.csr }}"
    dest: "/secure/ceremony/{{ item.certificate_authority_arn | split('/') | last }}.csr"
    mode: "0600"
  loop: "{{ query('privateca.aws.acmpca_csr', ca_arns, output='info') }}"
  loop_control:
    label: "{{ item.csr_info.subject.commonName | default(item.certificate_authority_arn) }}"

- name: Ignore CAs that do not exist or were deleted; their entries are null
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', ca_arns, on_missing='warn') | select | list }}"

- name: Use a named profile, and fail at once if AWS is still creating a CSR
  ansible.builtin.set_fact:
    ca_csr: "{{ lookup('privateca.aws.acmpca_csr', ca_arn, profile='pki-admin', wait=false) }}"

- name: Gentler on the account's request rate, for a large estate shared with other jobs
  ansible.builtin.set_fact:
    ca_csrs: "{{ query('privateca.aws.acmpca_csr', ca_arns, max_concurrency=2) }}"
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

import difflib
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from functools import partial
from typing import Any

from ansible import constants as C
from ansible.errors import AnsibleLookupError
from ansible.utils.display import Display

from ansible_collections.amazon.aws.plugins.plugin_utils.lookup import AWSLookupBase

from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import CaArn
from ansible_collections.privateca.aws.plugins.module_utils._aws.arn import parse_ca_arn
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import AwsApi
from ansible_collections.privateca.aws.plugins.module_utils._aws.client import connect
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import AwsCallError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import InvalidInputError
from ansible_collections.privateca.aws.plugins.module_utils._aws.errors import error_code
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import Budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import BudgetStopped
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import check_time_budget
from ansible_collections.privateca.aws.plugins.module_utils._aws.retry import client_config
from ansible_collections.privateca.aws.plugins.module_utils._aws.wait_timeout import check_wait_timeout
from ansible_collections.privateca.aws.plugins.module_utils._csr import csr_result
from ansible_collections.privateca.aws.plugins.module_utils._csr import get_csr
from ansible_collections.privateca.aws.plugins.module_utils._csr import is_deleted
from ansible_collections.privateca.aws.plugins.module_utils._csr import missing_cryptography_warning

display = Display()

# The name users call the lookup by; self._load_name is the Python module's (ansible_collections.privateca...).
FQCN = "privateca.aws.acmpca_csr"

# Threads and pooled connections cost memory up front; past a few dozen requests in flight
# AWS throttles anyway (it publishes 10 GetCertificateAuthorityCsr requests per second).
MAX_CONCURRENCY = 64


class _Missing:
    """Stands for a CA that does not exist or was deleted, when on_missing lets the lookup go on."""

    def __init__(self, message: str):
        self.message = message


class LookupModule(AWSLookupBase):
    def run(self, terms, variables=None, **kwargs):
        self._check_option_names(kwargs)
        super().run(terms, variables, **kwargs)  # options of the wrong type or choice fail here
        try:
            wait_timeout = check_wait_timeout(self.get_option("wait_timeout"))
            max_concurrency = _check_max_concurrency(self.get_option("max_concurrency"))
            budget = Budget(check_time_budget(self.get_option("time_budget")))
            aws_config = self.get_option("aws_config")
            client_config(aws_config, budget)  # fails here, before any thread, on a setting botocore does not know
            ca_arns = [parse_ca_arn(term) for term in flatten_terms(terms)]
        except (InvalidInputError, ValueError) as e:
            raise AnsibleLookupError(str(e)) from None  # the message says it all; a traceback adds nothing
        if not ca_arns:
            return []
        # Read here, once: the workers must not touch the plugin's option cache.
        on_missing, as_info = self.get_option("on_missing"), self.get_option("output") == "info"

        unique_arns = list({ca_arn.arn: ca_arn for ca_arn in ca_arns}.values())
        workers = min(max_concurrency, len(unique_arns))
        apis = self._apis_by_region(unique_arns, budget, aws_config, workers)
        fetch = partial(
            _fetch_one,
            wait=self.get_option("wait"),
            wait_timeout=wait_timeout,
            as_info=as_info,
            missing_is_error=on_missing == "error",
        )
        outcomes = _fetch_all(fetch, unique_arns, apis, workers, budget)

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

    def _check_option_names(self, kwargs: dict[str, Any]) -> None:
        """Fail on a keyword the lookup does not know: Ansible would ignore it, typos included."""
        definitions = C.config.get_configuration_definitions("lookup", self._load_name) or {}
        known = set(definitions)
        for definition in definitions.values():
            known.update(definition.get("aliases") or ())
        known.discard("_terms")
        unknown = sorted(name for name in kwargs if name not in known)
        if not unknown or not known:
            return
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
        raise AnsibleLookupError(
            f"The {FQCN} lookup does not know the option{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(hints)}. Valid options: {', '.join(sorted(known))}."
        )

    def _apis_by_region(self, ca_arns: list[CaArn], budget: Budget, aws_config, workers: int) -> dict[str, AwsApi]:
        """One client per region, made here: creating boto3 sessions is not thread-safe, using clients is.

        Each request goes to its ARN's region without a warning: the lookup's ``region`` is where a
        term without one would be read, and reading CSRs across regions is what the lookup is for
        (the region rule of the doc fragment privateca.aws.acmpca).
        """
        apis: dict[str, AwsApi] = {}
        for ca_arn in ca_arns:
            if ca_arn.region not in apis:
                apis[ca_arn.region] = connect(
                    self, "acm-pca", ca_arn.region, budget, aws_config, max_pool_connections=workers
                )
        return apis


def _describe_term(value: Any) -> str:
    """A term's type in the words of a playbook, not of Python."""
    if isinstance(value, dict):
        keys = ", ".join(map(str, list(value)[:5]))
        return f"a dictionary (with the keys {keys})" if keys else "an empty dictionary"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({value})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return f"a value of type {type(value).__name__}"


def flatten_terms(terms: Any) -> list[str]:
    """The ARNs of the terms in order, lists and nested lists flattened; anything but a string fails."""
    flat: list[str] = []
    stack = [iter(terms if isinstance(terms, (list, tuple)) else [terms])]
    while stack:
        item = next(stack[-1], StopIteration)
        if item is StopIteration:
            stack.pop()
        elif isinstance(item, (list, tuple)):
            stack.append(iter(item))
        elif isinstance(item, str):
            flat.append(str(item))  # a plain str, whatever Ansible tagged it with
        else:
            raise InvalidInputError(
                f"Invalid certificate authority ARN: got {_describe_term(item)}, not an ARN string. Give ARNs as "
                "strings or lists of strings, for example query('privateca.aws.acmpca_csr', ca_arns) or, from a "
                "list of dictionaries, query('privateca.aws.acmpca_csr', cas | map(attribute='arn'))."
            )
    return flat


def _check_max_concurrency(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CONCURRENCY:
        raise InvalidInputError(f"max_concurrency must be a whole number from 1 to {MAX_CONCURRENCY}, got {value!r}.")
    return value


def _fetch_all(
    fetch: Callable, ca_arns: list[CaArn], apis: dict[str, AwsApi], workers: int, budget: Budget
) -> dict[str, Any]:
    """Fetch every CSR, with ``workers`` threads; return {arn: outcome}, or raise for the first failure."""
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="acmpca_csr")
    futures = []

    def fetch_unless_failed(api: AwsApi, ca_arn: CaArn):
        # A worker that fails stops the budget itself: a worker freed by a failure must not send the next
        # queued request in the moment before this thread wakes up and cancels the queue.
        if budget.stopped:
            raise BudgetStopped()
        try:
            return fetch(api, ca_arn)
        except Exception:
            budget.stop()
            raise

    try:
        futures = [executor.submit(fetch_unless_failed, apis[ca_arn.region], ca_arn) for ca_arn in ca_arns]
        wait_for_futures(futures, return_when=FIRST_EXCEPTION)
    finally:
        # After a failure (or an interrupt) no other answer is needed: requests not yet sent are
        # dropped, and every worker's backoff or polling stops at once.
        budget.stop()
        executor.shutdown(wait=True, cancel_futures=True)
    for future in futures:  # report the earliest term's failure, whatever order they came in
        error = None if future.cancelled() else future.exception()
        if isinstance(error, AwsCallError):
            raise AnsibleLookupError(str(error)) from error
        if error is not None and not isinstance(error, BudgetStopped):
            raise error  # not an AWS answer but a fault here: keep its type and traceback
    return {ca_arn.arn: future.result() for ca_arn, future in zip(ca_arns, futures)}


def _fetch_one(
    api: AwsApi,
    ca_arn: CaArn,
    *,
    wait: bool,
    wait_timeout: int,
    as_info: bool,
    missing_is_error: bool,
):
    """One CA's PEM (or info dict), or _Missing when on_missing lets the lookup go on; runs in a worker thread."""
    try:
        pem = get_csr(api, ca_arn, wait=wait, wait_timeout=wait_timeout)
        return csr_result(ca_arn, pem) if as_info else pem
    except AwsCallError as e:
        code = error_code(e.exception) if e.exception is not None else None
        if missing_is_error or code not in ("ResourceNotFoundException", "InvalidStateException"):
            raise
        if code == "ResourceNotFoundException":
            return _Missing(e.message)
        if not is_deleted(api, ca_arn):
            raise
        return _Missing(
            f"the private CA {ca_arn.arn} is DELETED (it can be restored until its restore period ends) "
            "and has no CSR to give"
        )
