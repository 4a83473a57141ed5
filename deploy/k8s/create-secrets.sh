#!/usr/bin/env bash
# Creates the Secrets the manifests of deploy/k8s expect (README.md, "Secrets"), each with fresh random
# credentials: nothing here has a default. The plain tokens people and storefronts need are written once to a
# new directory (mode 700, files 600); the cluster only ever gets what each service needs (hashes where the
# service takes a hash). Values go to kubectl through files, never on a command line (ps would show them).
#
#   deploy/k8s/create-secrets.sh [--namespace ep] [--credentials-dir ./ep-credentials] [--print-only]
#
#   --namespace         where the platform is installed (default: ep, the overlays' namespace)
#   --credentials-dir   new directory for the plain tokens (default: ./ep-credentials; must not exist)
#   --print-only        print the Secret manifests instead of applying them (kubectl --dry-run=client; to seal
#                       them with your secret tooling); needs no cluster
#
# Needs kubectl and python3 (random values, SHA-256 and the registry's PBKDF2 hash). Refuses to run when one of
# the Secrets exists already: rotating credentials is a deliberate step (README.md).
set -euo pipefail

namespace=ep
credentials=./ep-credentials
print_only=false
while [ $# -gt 0 ]; do
  case "$1" in
    --namespace) namespace="$2"; shift 2 ;;
    --credentials-dir) credentials="$2"; shift 2 ;;
    --print-only) print_only=true; shift ;;
    *) echo "unknown argument: $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

secrets=(ep-postgres-config-service ep-postgres-schema-registry ep-postgres-event-ingest ep-postgres-reporting
  ep-postgres-reporting-reader ep-schema-registry ep-config-tokens ep-reporting-tokens ep-ingest-tokens
  ep-assignment ep-console)

if [ "$print_only" = false ]; then
  for secret in "${secrets[@]}"; do
    if kubectl get secret "$secret" --namespace "$namespace" >/dev/null 2>&1; then
      echo "Secret $secret exists in namespace $namespace: nothing created (rotate credentials on purpose," \
        "README.md)" >&2
      exit 1
    fi
  done
fi
if [ -e "$credentials" ]; then
  echo "$credentials exists: choose a new --credentials-dir" >&2
  exit 1
fi

umask 077
mkdir -p "$credentials"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

random_token() { python3 -c 'import secrets; print(secrets.token_hex(32), end="")'; }
random_base64() { python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode(), end="")'; }
sha256() { python3 -c 'import hashlib, sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest(), end="")'; }
# The registry's writer entry: user:pbkdf2-sha256:<iterations>:<salt>:<hash>, salt and hash in unpadded base64url
# (schema-registry's PasswordHash; its jar's hash-password command makes the same).
pbkdf2() {
  python3 -c 'import base64, hashlib, os, sys
password = sys.stdin.buffer.read()
salt = os.urandom(16)
key = hashlib.pbkdf2_hmac("sha256", password, salt, 210000, 32)
encode = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
print("pbkdf2-sha256:210000:%s:%s" % (encode(salt), encode(key)), end="")'
}

# keep NAME VALUE: a value a person or a storefront needs, written to the credentials directory.
keep() { printf '%s' "$2" > "$credentials/$1"; }
# value SECRET KEY VALUE: one key of one Secret, staged as a file.
value() { mkdir -p "$work/$1"; printf '%s' "$3" > "$work/$1/$2"; }

# PostgreSQL roles (CloudNativePG: kubernetes.io/basic-auth, the username is the role's name).
for pair in config-service:config_service schema-registry:schema_registry event-ingest:event_ingest \
    reporting:reporting reporting-reader:reporting_reader; do
  value "ep-postgres-${pair%%:*}" username "${pair#*:}"
  value "ep-postgres-${pair%%:*}" password "$(random_token)"
done

# The registry's one writer: the registry gets the hash, the services the user:password they register with.
writer_password=$(random_token)
value ep-schema-registry writers "ep-platform:$(printf '%s' "$writer_password" | pbkdf2)"
value ep-schema-registry user-info "ep-platform:$writer_password"
keep registry-writer "ep-platform:$writer_password"

# People's tokens (config-service roles; the console forwards them to reporting and event-ingest too).
admin=$(random_token); owner=$(random_token); viewer=$(random_token); reporting=$(random_token)
keep admin-token "$admin"; keep owner-token "$owner"; keep viewer-token "$viewer"
value ep-config-tokens admin-token-sha256 "$(printf '%s' "$admin" | sha256)"
value ep-config-tokens owner-token-sha256 "$(printf '%s' "$owner" | sha256)"
value ep-config-tokens viewer-token-sha256 "$(printf '%s' "$viewer" | sha256)"
value ep-config-tokens reporting-token-sha256 "$(printf '%s' "$reporting" | sha256)"
people_hashes="$(printf '%s' "$viewer" | sha256),$(printf '%s' "$owner" | sha256),$(printf '%s' "$admin" | sha256)"
value ep-reporting-tokens token-hashes "$people_hashes"
value ep-reporting-tokens config-service-token "$reporting"
value ep-ingest-tokens viewer-token-hashes "$people_hashes"

# The storefront's API key and the console's own key for explain; one exposure-token key for every instance.
storefront=$(random_token); console=$(random_token)
keep storefront-api-key "$storefront"
value ep-assignment api-key-hashes "$(printf '%s' "$storefront" | sha256),$(printf '%s' "$console" | sha256)"
value ep-assignment exposure-token-secret "$(random_base64)"
value ep-console assignment-api-key "$console"

for secret in "${secrets[@]}"; do
  args=()
  for file in "$work/$secret"/*; do
    args+=("--from-file=$(basename "$file")=$file")
  done
  type=Opaque
  case "$secret" in ep-postgres-*) type=kubernetes.io/basic-auth ;; esac
  manifest=$(kubectl create secret generic "$secret" --namespace "$namespace" --type "$type" "${args[@]}" \
    --dry-run=client -o yaml)
  if [ "$print_only" = true ]; then
    printf -- '---\n%s\n' "$manifest"
  else
    printf '%s\n' "$manifest" | kubectl apply -f - >/dev/null
    echo "created Secret $secret" >&2
  fi
done
echo "plain tokens for people and storefronts: $credentials (admin-token, owner-token, viewer-token," \
  "storefront-api-key, registry-writer); keep them in your password manager and delete the directory" >&2
