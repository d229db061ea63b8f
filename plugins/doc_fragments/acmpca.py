# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment:
    # What the acmpca_csr_info module and the acmpca_csr lookup share, from plugins/module_utils/_acmpca.py.
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
        to O(wait_timeout) seconds after the first request, when that is later.
    type: int
    default: 180
notes:
  - The credentials need the IAM action C(acm-pca:GetCertificateAuthorityCsr) on the CA. A CA shared
    through AWS RAM with the default permission does not allow this call.
"""

    # The time budget of plugins/module_utils/_acmpca_retry.py; any module whose calls go through
    # _acmpca_api.module_api() keeps to it (60 s unless it offers this option).
    TIME_BUDGET = r"""
options:
  time_budget:
    description:
      - How many seconds the task (or the lookup, for all of its ARNs together) may spend on its requests to
        ACM PCA, counted from the first one, every retry and every pause between retries included. From 1 to
        3600.
      - Modules that wait for AWS over many requests (for example while a CA is being created) give each
        request the whole budget from its own first attempt instead, so that a throttle late in a long wait is
        still retried; their wait is bounded by their own C(wait_timeout).
      - Requests that AWS throttles, that fail with a server error (HTTP 5xx), or that get no answer (read
        timeout, dropped connection) are retried with jittered exponential backoff (0.5 s doubling up to 8 s)
        only while the budget lasts; a retry is not started when its pause, or after a request that got no
        answer its read timeout, would end past the budget. So a persistent fault fails within the budget,
        with a message that says what the server answered, how many attempts were made and over how long.
      - The client's timeouts are cut to the budget. Without C(retries) in O(aws_config), botocore makes one
        attempt per request and the budget alone decides the retries. With C(retries) in O(aws_config), those
        retries are honoured as botocore makes them and nothing retries on top of them; the budget cannot cut
        botocore's own attempts short.
      - Waiting for a CSR that AWS is still creating is bounded by C(wait_timeout) instead, where the module
        offers it. A refused connection or an unknown host is not retried.
    type: int
    default: 60
"""

    # Instead of amazon.aws.boto3, which says python >= 3.6: this collection's code needs 3.9.
    REQUIREMENTS = r"""
options: {}
requirements:
  - python >= 3.9
  - boto3 >= 1.34.0
  - botocore >= 1.34.0
"""
