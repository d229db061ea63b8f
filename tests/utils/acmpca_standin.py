# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A moto server whose ACM PCA keeps the rules of the ACM PCA API reference: the tests' stand-in for AWS.

Run it like moto's own server (same arguments): ``python tests/utils/acmpca_standin.py -H 127.0.0.1 -p 5000``,
or from Python with ``moto_server.running_acmpca_standin()``. Every other moto service (S3, STS, ...) is
served by the same process, as with ``python -m moto.server``.

moto 5.2.5 alone is lax for ACM PCA (every CA is born PENDING_CERTIFICATE with an RSA-2048 key, any status
change is accepted, several operations answer HTTP 500). This file subclasses moto's ACM PCA backend and
responses (in _acmpca_standin_*.py beside it) and keeps these rules (quotes are from the API reference),
each proven by a test in tests/unit/acmpca_standin/:

Any operation on a CA
- An ARN that is not a CA's (``arn:<partition>:acm-pca:<region>:<account>:certificate-authority/<id>``) answers
  InvalidArnException; a CA this account and region do not have, ResourceNotFoundException.

Creating a CA (CreateCertificateAuthority)
- The CA is CREATING for ``creating_seconds`` (and at least until its key exists), then PENDING_CERTIFICATE.
  GetCertificateAuthorityCsr answers RequestInProgressException while it is CREATING.
- The key follows KeyAlgorithm: RSA_2048/3072/4096, EC_prime256v1/secp384r1/secp521r1, ML_DSA_44/65/87 (when
  the installed cryptography has ML-DSA). SM2 answers InvalidArgsException. A SigningAlgorithm of another key
  family (SHA256WITHRSA for an EC key, ...) answers InvalidArgsException. The CSR is signed with
  SigningAlgorithm. Key and CSR are made once per CA, in a background thread, and kept.
- The CSR's subject holds every ASN1Subject field given, in AWS's order (C, ST, L, O, OU, CN,
  dnQualifier, title, SN, GN, initials, pseudonym, generationQualifier, serialNumber), or the
  CustomAttributes ("Custom attributes cannot be used in combination with standard attributes":
  InvalidArgsException). Its extensions: basicConstraints CA:TRUE (critical), CsrExtensions.KeyUsage
  (critical) and CsrExtensions.SubjectInformationAccess.
- UsageMode defaults to GENERAL_PURPOSE, KeyStorageSecurityStandard to FIPS_140_2_LEVEL_3_OR_HIGHER;
  unknown values of these, of CertificateAuthorityType and of the algorithms answer InvalidArgsException.
- IdempotencyToken: "if you call CreateCertificateAuthority multiple times with the same idempotency token
  within five minutes, AWS Private CA recognizes that you are requesting only one certificate authority"
  (the same ARN comes back, nothing is created). The same holds for IssueCertificate, per CA.

Status changes
- UpdateCertificateAuthority: "Your private CA must be in the ACTIVE or DISABLED state before you can update
  it" (else InvalidStateException); at least one of RevocationConfiguration and Status (else
  InvalidArgsException); Status only ACTIVE or DISABLED, CrlConfiguration.S3ObjectAcl only PUBLIC_READ or
  BUCKET_OWNER_FULL_CONTROL (else InvalidArgsException).
- DeleteCertificateAuthority: "Before you can delete a CA that you have created and activated, you must
  disable it": ACTIVE answers InvalidStateException, as does a CA already DELETED. PENDING_CERTIFICATE and
  DISABLED CAs become DELETED with RestorableUntil = now + PermanentDeletionTimeInDays (7 to 30, default 30;
  else ValidationException). "A private CA in the CREATING, EXPIRED, or FAILED state has no associated
  restoration period and cannot be restored": DELETED without RestorableUntil.
- RestoreCertificateAuthority: "The status of a restored CA is set to its pre-deletion status" (DISABLED or
  PENDING_CERTIFICATE) and RestorableUntil disappears; a CA that is not DELETED, has no restoration period
  or is past it answers InvalidStateException.

Certificates
- IssueCertificate: only on an ACTIVE CA, or, for a ROOT CA's own CSR under a RootCACertificate template, on a
  PENDING_CERTIFICATE or ACTIVE one (how a root CA gets or renews its self-signed certificate); else
  InvalidStateException. The CSR is signed for real with the CA's key and SigningAlgorithm (of the CA's key
  family, else InvalidArgsException); a CSR that does not parse or whose signature is wrong answers
  MalformedCSRException. Validity: DAYS, MONTHS, YEARS (from now), ABSOLUTE (epoch seconds), END_DATE
  (YYYYMMDDHHMMSS); ValidityNotBefore (ABSOLUTE or END_DATE), default now - 60 minutes; an end before the
  start or after the CA certificate's NotAfter answers ValidationException, as does more than 7 days from a
  SHORT_LIVED_CERTIFICATE CA. Templates: EndEntityCertificate, EndEntityClientAuthCertificate,
  EndEntityServerAuthCertificate, CodeSigningCertificate, OCSPSigningCertificate,
  SubordinateCACertificate_PathLen0..3 (basicConstraints CA:TRUE, pathlen as named), RootCACertificate, and
  their _APIPassthrough / _APICSRPassthrough variants, which apply ApiPassthrough.Subject and
  ApiPassthrough.Extensions (KeyUsage, ExtendedKeyUsage, SubjectAlternativeNames). The CSR's
  subjectAltName is copied; _CSRPassthrough / _APICSRPassthrough variants copy all the CSR's extensions.
  The certificate's id in its ARN is its serial number in hex, as at AWS.
- GetCertificate returns the certificate and, for a certificate issued under the CA's certificate, the chain
  (the CA's certificate, then the CA's own chain). An unknown certificate answers ResourceNotFoundException;
  for ``certificate_seconds`` after issuance RequestInProgressException ("Your request is already in
  progress"), as AWS does while it issues.
- An ACTIVE or DISABLED CA whose certificate's NotAfter has passed is EXPIRED.
- RevokeCertificate: on an ACTIVE or DISABLED CA only (else InvalidStateException); the serial in hex, with
  or without colons; an unknown serial answers ResourceNotFoundException; revoking again answers
  RequestAlreadyProcessedException; the time and reason are kept for the audit report.
- ImportCertificateAuthorityCertificate: on a PENDING_CERTIFICATE, ACTIVE (renewal, same key) or EXPIRED CA
  (else InvalidStateException). Malformed PEM answers MalformedCertificateException; a public key that is
  not the CA's, a certificate not signed by the chain's first certificate, a chain out of order or a ROOT
  CA's certificate that is not self-signed answer CertificateMismatchException; a certificate without
  basicConstraints CA:TRUE, or a SUBORDINATE CA's certificate without chain, InvalidRequestException. After
  it the CA is ACTIVE with Serial, NotBefore and NotAfter from the certificate;
  GetCertificateAuthorityCertificate returns certificate and chain (ACTIVE, DISABLED or EXPIRED CAs only,
  else InvalidStateException).

Permissions, policies, audit reports, tags, listing
- CreatePermission / DeletePermission / ListPermissions: principal acm.amazonaws.com only, Actions a
  non-empty subset of IssueCertificate, GetCertificate, ListPermissions (else InvalidArgsException);
  SourceAccount defaults to the CA's account; a second permission for the same principal and account answers
  PermissionAlreadyExistsException; deleting a missing one ResourceNotFoundException. ListPermissions gives
  each permission's Policy as AWS shows it (a JSON policy document) and paginates (MaxResults / NextToken).
- PutPolicy / GetPolicy / DeletePolicy: a policy that is not a JSON object with a Statement answers
  InvalidPolicyException; GetPolicy and DeletePolicy without a policy answer ResourceNotFoundException;
  policies cannot be put on CREATING, FAILED or DELETED CAs (InvalidStateException).
- CreateCertificateAuthorityAuditReport: ACTIVE or DISABLED CAs only (InvalidStateException); the bucket must
  exist in moto's S3 (else ResourceNotFoundException); AuditReportResponseFormat JSON or CSV. The report (in
  the user guide's format: awsAccountId, requestedByServicePrincipal, certificateArn, serial, subject,
  notBefore, notAfter, issuedAt, revokedAt, revocationReason, templateArn; JSON leaves out empty fields)
  lists every certificate the CA issued and is written at once to audit-report/<CA id>/<report id>.json|csv.
  DescribeCertificateAuthorityAuditReport says CREATING for ``audit_report_seconds``, then SUCCESS, with
  S3BucketName, S3Key and CreatedAt. The "one report every 30 minutes" limit is not kept.
- Tag/Untag/ListTags: not on DELETED CAs (InvalidStateException); more than 50 tags answer
  TooManyTagsException; keys starting with "aws:" InvalidTagException; ListTags paginates (MaxResults/NextToken).
- ListCertificateAuthorities: paginates with MaxResults/NextToken (moto's paginator); ResourceOwner SELF
  lists this account's CAs, OTHER_ACCOUNTS none (nothing is shared here).

Knobs (environment variables read at start; also ``POST /_standin/config`` with a JSON object of these keys,
``GET /_standin/config`` shows them)
- ACMPCA_STANDIN_CREATING_SECONDS (``creating_seconds``, default 2): how long a new CA stays CREATING (counted
  from its creation with the value of the moment: lowering it ends CREATING early).
- ACMPCA_STANDIN_AUDIT_REPORT_SECONDS (``audit_report_seconds``, default 1): how long a report is CREATING.
- ACMPCA_STANDIN_DAY_SECONDS (``day_seconds``, default 86400): the length of a "day" of
  PermanentDeletionTimeInDays, so that tests can see a restoration period end.
- ACMPCA_STANDIN_CERTIFICATE_SECONDS (``certificate_seconds``, default 0): how long GetCertificate answers
  RequestInProgressException after IssueCertificate.
- ``idempotency_seconds`` (default 300): how long an IdempotencyToken is remembered.

Call log (for tests that prove "a rerun makes no write call")
- A WSGI middleware in front of moto records every ACM PCA request (X-Amz-Target ``ACMPrivateCA.<Operation>``)
  before it is handled, successful or not: its operation and its CertificateAuthorityArn (ResourceArn for
  the policy operations; for CreateCertificateAuthority the ARN it answered), or null.
- The Resource Groups Tagging API's GetResources (which lists the CAs by tag: _tagging_standin.py, with its own
  knobs) is recorded too, with arn null.
- ``GET /_standin/calls`` returns them as JSON ``[{"operation": ..., "arn": ...}, ...]`` in order;
  ``GET /_standin/calls?arn=<ARN>`` only those for one CA. ``POST /_standin/calls/reset`` clears the log.

Test hook
- ``POST /_standin/status`` with ``{"arn": ..., "status": "FAILED"}`` (or any CA status) puts a CA into a status
  that AWS reaches on its own (a failed creation, an expired certificate), for tests of how modules cope.
- moto's own ``POST /moto-api/reset`` forgets every CA (and everything else moto holds); the call log stays.

ACM (AWS Certificate Manager) requests private certificates from these CAs: _acm_standin.py lists its rules
(tests/unit/acm_standin/); the call log records ACM requests too (``CertificateManager.<Operation>``, with
their CertificateArn, for RequestCertificate the one it answered).

Not kept (as moto, or not at all): CRLs and OCSP (the configuration is stored, nothing is published), AWS RAM
shares and other accounts, IAM and resource policies' effect on access, quotas (LimitExceededException),
ConcurrentModificationException, the 30-minute interval between audit reports, permanent deletion after the
restoration period (the CA stays DELETED, not restorable), path length limits of the issuing CA.
"""

from __future__ import annotations

import io
import json
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _acm_standin
import _tagging_standin
from _acmpca_standin_backend import standin_backends
from _acmpca_standin_common import CONFIG
from _acmpca_standin_common import LOCK

STATUSES = ("CREATING", "PENDING_CERTIFICATE", "ACTIVE", "DELETED", "DISABLED", "EXPIRED", "FAILED")


def install() -> None:
    """Make moto's ACM PCA the stand-in's, in this process: before moto's server starts."""
    import moto.acmpca
    import moto.acmpca.models
    import moto.acmpca.responses

    moto.acmpca.acmpca_backends = standin_backends
    moto.acmpca.models.acmpca_backends = standin_backends
    moto.acmpca.responses.acmpca_backends = standin_backends
    _acm_standin.install()
    _tagging_standin.install()  # GetResources lists the CAs (rules in _tagging_standin.py)


class CallLog:
    """WSGI middleware: records each ACM PCA request, and answers /_standin/ itself."""

    def __init__(self, app) -> None:
        self.app = app
        self.calls: list[dict[str, str | None]] = []
        self.lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    def __call__(self, environ: dict[str, Any], start_response) -> Any:
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_standin/"):
            return self.control(environ, start_response, path)
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith(("ACMPrivateCA.", _acm_standin.TARGET_PREFIX, _tagging_standin.TARGET_PREFIX)):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
            environ["wsgi.input"] = io.BytesIO(body)
            try:
                params = json.loads(body or b"{}")
            except ValueError:
                params = {}
            call = {
                "operation": target.split(".", 1)[1],
                "arn": params.get("CertificateAuthorityArn") or params.get("ResourceArn"),
            }
            if target.startswith(_acm_standin.TARGET_PREFIX):
                call["arn"] = params.get("CertificateArn")
            with self.lock:
                self.calls.append(call)
            created_key = {"CreateCertificateAuthority": "CertificateAuthorityArn", **_acm_standin.CREATED_ARN_KEYS}
            if call["operation"] in created_key:
                # The request names no CA; the log shows the one created (or remembered by its token).
                response = self.app(environ, start_response)
                try:
                    chunks = list(response)
                finally:
                    if hasattr(response, "close"):  # what a WSGI server owes the application
                        response.close()
                try:
                    call["arn"] = json.loads(b"".join(chunks)).get(created_key[call["operation"]])
                except ValueError:
                    pass
                _tagging_standin.observe_after(environ)
                return chunks
        response = self.app(environ, start_response)
        _tagging_standin.observe_after(environ)
        return response

    def control(self, environ: dict[str, Any], start_response, path: str) -> list[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        handler = {
            ("GET", "/_standin/calls"): self.list_calls,
            ("POST", "/_standin/calls/reset"): self.reset_calls,
            ("GET", "/_standin/config"): lambda request, query: dict(CONFIG),
            ("POST", "/_standin/config"): change_config,
            ("POST", "/_standin/status"): force_status,
            **_acm_standin.CONTROL,
        }.get((method, path))
        status, answer = "200 OK", {"error": f"no {method} {path}"}
        if handler is None:
            status = "404 Not Found"
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                request = json.loads(environ["wsgi.input"].read(length) or b"{}") if method == "POST" else {}
                answer = handler(request, urllib.parse.parse_qs(environ.get("QUERY_STRING", "")))
            except (ValueError, TypeError, AttributeError, KeyError) as e:
                status, answer = "400 Bad Request", {"error": str(e)}
        body = json.dumps(answer).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]

    def list_calls(self, request: dict[str, Any], query: dict[str, list[str]]) -> list[dict[str, str | None]]:
        with self.lock:
            return [call for call in self.calls if "arn" not in query or call["arn"] in query["arn"]]

    def reset_calls(self, request: dict[str, Any], query: dict[str, list[str]]) -> dict[str, bool]:
        with self.lock:
            self.calls.clear()
        return {"reset": True}


def change_config(request: dict[str, Any], query: dict[str, list[str]]) -> dict[str, float]:
    unknown = set(request) - set(CONFIG)
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}; known: {sorted(CONFIG)}")
    with LOCK:
        CONFIG.update({name: float(value) for name, value in request.items()})
        return dict(CONFIG)


def force_status(request: dict[str, Any], query: dict[str, list[str]]) -> dict[str, str]:
    """Put a CA into a status that AWS reaches on its own (FAILED, EXPIRED, ...), for tests of how modules cope."""
    arn, status = request["arn"], request["status"]
    if status not in STATUSES:
        raise ValueError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    region, account = arn.split(":")[3:5]
    with LOCK:
        ca = standin_backends[account][region].certificate_authorities.get(arn)
        if ca is None:
            raise ValueError(f"no CA {arn}")
        ca.status = status
        if status == "FAILED":
            ca.failure_reason = "OTHER"
        return {"arn": arn, "status": ca.status}


def main(argv: list[str] | None = None) -> None:
    install()
    import moto.server

    dispatcher = moto.server.DomainDispatcherApplication
    moto.server.DomainDispatcherApplication = lambda create_app: CallLog(dispatcher(create_app))
    moto.server.main(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
