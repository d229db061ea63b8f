#!/usr/bin/env bash
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
#
# The benchmark's baseline: activate subordinate CAs under an offline root with the AWS CLI and openssl,
# as a person would script it (create, wait for the CSR, get it, sign it, import, wait until ACTIVE).
# `make bench` runs it beside the role privateca.aws.subordinate_ca; see benchmarks/_workflow.py.
#
# Usage: activate_subordinate_cas.sh [--parallel] ENDPOINT_URL REGION ROOT_DIR NAME...
#   ROOT_DIR holds root-ca.pem and root-ca.key; --parallel activates the CAs in background jobs.
set -euo pipefail

parallel=false
if [[ ${1:-} == --parallel ]]; then
    parallel=true
    shift
fi
endpoint_url=$1 region=$2 root_dir=$3
shift 3

pca() {
    aws acm-pca --endpoint-url "$endpoint_url" --region "$region" "$@"
}

activate() {
    local name=$1 arn
    arn=$(pca create-certificate-authority \
        --certificate-authority-type SUBORDINATE \
        --certificate-authority-configuration \
        "{\"KeyAlgorithm\": \"RSA_2048\", \"SigningAlgorithm\": \"SHA256WITHRSA\",
          \"Subject\": {\"Country\": \"US\", \"Organization\": \"Example Corp\", \"CommonName\": \"$name\"}}" \
        --tags "Key=Name,Value=$name" \
        --query CertificateAuthorityArn --output text)
    pca wait certificate-authority-csr-created --certificate-authority-arn "$arn"
    pca get-certificate-authority-csr --certificate-authority-arn "$arn" --output text >"$name.csr"
    openssl x509 -req -in "$name.csr" -out "$name.pem" \
        -CA "$root_dir/root-ca.pem" -CAkey "$root_dir/root-ca.key" \
        -set_serial "0x$(openssl rand -hex 16)" -days 1825 -sha256 \
        -extfile "$root_dir/subordinate-ca.ext" 2>/dev/null
    pca import-certificate-authority-certificate --certificate-authority-arn "$arn" \
        --certificate "fileb://$name.pem" --certificate-chain "fileb://$root_dir/root-ca.pem"
    local tries=0
    until [[ $(pca describe-certificate-authority --certificate-authority-arn "$arn" \
        --query CertificateAuthority.Status --output text) == ACTIVE ]]; do
        if ((++tries >= 120)); then
            echo "$name ($arn) is not ACTIVE after $tries tries" >&2
            return 1
        fi
        sleep 1
    done
    echo "$name $arn ACTIVE"
}

if [[ $parallel == true ]]; then
    pids=()
    for name in "$@"; do
        activate "$name" &
        pids+=($!)
    done
    status=0
    for pid in "${pids[@]}"; do
        wait "$pid" || status=1
    done
    exit "$status"
fi
for name in "$@"; do
    activate "$name"
done
