# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # What the acmpca_csr_info module and the acmpca_csr lookup share, from plugins/module_utils/_csr.py.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - While AWS is still creating a CSR (it answers C(RequestInProgressException), as it does
        right after C(CreateCertificateAuthority)), poll until the CSR is there.
      - When V(false), fail at once if a CSR is not ready yet.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait for each CSR when O(wait=true), at least 1.
      - A CSR that is still not ready after this time is a failure.
      - While AWS answers that a CSR is still being created, the time budget (see O(time_budget)) stretches
        to the end of the wait, when that is later.
    type: int
    default: 300
notes:
  - The credentials need the IAM action C(acm-pca:GetCertificateAuthorityCsr) on the CA. A CA shared
    through AWS RAM with the default permission does not allow this call.
"""

    # The time budget of plugins/module_utils/_aws/retry.py (argument spec retry.TIME_BUDGET_ARGUMENT_SPEC): one
    # mode for every call and wait of a task. Fragments cannot add to one option, and ansible-test wants plain
    # string literals, so TIME_BUDGET_WAIT (modules that wait) repeats TIME_BUDGET with a word on waits.
    TIME_BUDGET = r"""
options:
  time_budget:
    description:
      - How many seconds the task (or the lookup, for all of its ARNs together) may spend on its requests to
        AWS, counted from the first one, every retry and every pause between retries included. From 1 to 3600.
      - Requests that AWS throttles, that fail with a server error (HTTP 5xx), or that get no answer (read
        timeout, dropped connection) are retried with jittered exponential backoff (0.5 s doubling up to 8 s)
        only while the budget lasts; a retry is not started when its pause, or after a request that got no
        answer its read timeout, would end past the budget. So a persistent fault fails within the budget,
        with a message that says what the server answered, how many attempts were made and over how long.
      - The client's default timeouts (connect 10 s, read 30 s) are cut to half the budget, so that under a
        small budget a dropped connection is still retried with the shorter read timeout; timeouts set in
        O(aws_config) are cut to the budget. Without C(retries) in O(aws_config), botocore makes one attempt
        per request and the budget alone decides the retries. With C(retries) in O(aws_config), those retries
        are honoured as botocore makes them and nothing retries on top of them; the budget cannot cut
        botocore's own attempts short.
      - A refused connection or an unknown host is not retried.
    type: int
    default: 60
"""

    TIME_BUDGET_WAIT = r"""
options:
  time_budget:
    description:
      - How many seconds the task may spend on its requests to AWS, counted from the first one, every retry
        and every pause between retries included. From 1 to 3600.
      - While the task waits and AWS answers that it is still at work (a CA in C(CREATING), a CSR or a
        certificate in progress), the budget stretches to the end of that wait, so that a throttle late in a
        long wait is still retried. The wait itself is bounded by O(wait_timeout), and no retry of a poll
        outlasts it.
      - Requests that AWS throttles, that fail with a server error (HTTP 5xx), or that get no answer (read
        timeout, dropped connection) are retried with jittered exponential backoff (0.5 s doubling up to 8 s)
        only while the budget lasts; a retry is not started when its pause, or after a request that got no
        answer its read timeout, would end past the budget. So a persistent fault fails within the budget,
        with a message that says what the server answered, how many attempts were made and over how long.
      - The client's default timeouts (connect 10 s, read 30 s) are cut to half the budget, so that under a
        small budget a dropped connection is still retried with the shorter read timeout; timeouts set in
        O(aws_config) are cut to the budget. Without C(retries) in O(aws_config), botocore makes one attempt
        per request and the budget alone decides the retries. With C(retries) in O(aws_config), those retries
        are honoured as botocore makes them and nothing retries on top of them; the budget cannot cut
        botocore's own attempts short.
      - A refused connection or an unknown host is not retried.
    type: int
    default: 60
"""

    # The CA ARN option of the modules that act on one CA (argument spec:
    # certificate_authority_arn=dict(type="str", required=True, aliases=["arn"])), checked by _aws.arn.parse_ca_arn.
    # The region rule is _aws/region.py's, the one for every module and the lookup.
    CERTIFICATE_AUTHORITY_ARN = r"""
options:
  certificate_authority_arn:
    description:
      - The ARN of the private CA, of the form
        C(arn:<partition>:acm-pca:<region>:<account id>:certificate-authority/<CA id>).
      - Checked before any request is sent; a malformed value fails the task. The ARN of a certificate
        the CA issued (C(.../certificate-authority/<CA id>/certificate/<serial>)) is recognised, and the
        message gives the CA's ARN it contains.
      - "The region rule: requests go to the region in the ARN, where the CA lives. The task warns only when a
        region set for it (O(region), directly or through C(module_defaults)) names another region; a region
        from a profile or the environment (E(AWS_REGION), E(AWS_DEFAULT_REGION)) is replaced silently. The
        P(privateca.aws.acmpca_csr#lookup) lookup never warns: its O(region) does not name the terms' regions,
        and it reads CSRs across regions."
    type: str
    required: true
    aliases: [arn]
"""

    # Instead of amazon.aws.boto3, which says python >= 3.6: this collection's code needs 3.9.
    REQUIREMENTS = r"""
options: {}
requirements:
  - python >= 3.9
  - boto3 >= 1.34.0
  - botocore >= 1.34.0
"""
