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
    type: int
    default: 180
notes:
  - The credentials need the IAM action C(acm-pca:GetCertificateAuthorityCsr) on the CA. A CA shared
    through AWS RAM with the default permission does not allow this call.
  - The client uses a 10 s connect timeout and a 30 s read timeout.
"""
