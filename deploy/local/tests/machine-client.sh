#!/usr/bin/env bash
# Checks, against a running local stack (`ecoeval up`), that a department system registered with
# `ecoeval client add` gets client-credentials tokens the services accept under a clerk's rules, and nothing more.
# Exit status 0 when every check holds. Needs curl and jq.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
ECOEVAL=$ROOT/deploy/local/ecoeval
KC=http://127.0.0.1:${ECOEVAL_KC_PORT:-8180}/realms/ecoeval/protocol/openid-connect/token
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }
payload() { # the claims of a JWT read on stdin (base64url without padding)
  local p; p=$(cut -d. -f2 | tr '_-' '/+')
  while [ $(( ${#p} % 4 )) -ne 0 ]; do p="$p="; done
  base64 -d <<<"$p"
}

first=$("$ECOEVAL" client add --department FIN --county 150425)
again=$("$ECOEVAL" client add --department FIN --county 150425)
id=$(jq -r .clientId <<<"$first"); secret=$(jq -r .clientSecret <<<"$first")
[ "$id" = ecoeval-150425-fin ] && [ -n "$secret" ] && [ "$secret" != null ] || fail "client add printed $first"
[ "$first" = "$again" ] || fail "a second client add gave another client: $again"
pass "client add prints {clientId, clientSecret} and is idempotent"

token=$(curl -fsS "$KC" -d grant_type=client_credentials -d client_id="$id" --data-urlencode client_secret="$secret" \
  | jq -r .access_token)
claims=$(payload <<<"$token"; echo)
jq -e '.department == "FIN" and .county == "150425" and (.groups | index("department")) != null
       and ((.aud | if type == "array" then . else [.] end) | index("ecoeval-api")) != null' <<<"$claims" >/dev/null 2>&1 \
  || fail "token claims: $claims"
pass "client-credentials token carries department FIN, county 150425, the department role and audience ecoeval-api"

status=$(curl -sS -o /dev/null -w '%{http_code}' "$KC" -d grant_type=password -d client_id="$id" \
  --data-urlencode client_secret="$secret" -d username=x -d password=y)
[ "$status" = 400 ] || [ "$status" = 401 ] || fail "password grant on a machine client answered $status"
pass "the machine client takes no password grant ($status)"

# FIN-INVEST names six required materials: one uploaded file for each, as the finance bureau's system would send them
materials=""
for m in TRANSFER-PAYMENTS:transfer-payments BUDGET-REPORT:budget-report BUDGET-APPROVALS:budget-approvals \
         SPENDING-VOUCHERS:spending-vouchers EVALUATION-FUNDING:evaluation-funding INVESTMENT-SUMMARY:summary; do
  file="$ROOT/deploy/local/demo/evidence/fin-invest-${m#*:}-2024.pdf"
  [ -f "$file" ] || file="$ROOT/deploy/local/demo/evidence/fin-invest-2024-v1.pdf"
  evidence=$(curl -sS -H "Authorization: Bearer $token" -F "file=@$file" \
    http://127.0.0.1:8081/api/v1/evaluations/150425-2024/evidence | jq -r .id)
  [ -n "$evidence" ] && [ "$evidence" != null ] || fail "evidence upload as FIN failed"
  materials="$materials${materials:+,}\"${m%%:*}\":[\"$evidence\"]"
done
status=$(curl -sS -o /tmp/machine-client-post.json -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' \
  -d "{\"task\":\"FIN-INVEST\",\"note\":\"from the finance bureau system\",\"materials\":{$materials}}" \
  http://127.0.0.1:8081/api/v1/evaluations/150425-2024/submissions)
[ "$status" = 201 ] || [ "$status" = 409 ] || fail "POST submission as FIN answered $status: $(cat /tmp/machine-client-post.json)"
pass "submits for its own unit ($status)"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"task":"FOREST-DATA"}' http://127.0.0.1:8081/api/v1/evaluations/150425-2024/submissions)
[ "$status" = 422 ] || fail "POST for another unit's task answered $status"
pass "refused another unit's task (422)"
departments=$(curl -fsS -H "Authorization: Bearer $token" \
  "http://127.0.0.1:8081/api/v1/evaluations/150425-2024/submissions?pageSize=100" | jq -r '[.items[].department] | unique | join(",")')
[ "$departments" = FIN ] || fail "the list showed units '$departments'"
pass "sees only its own unit's submissions"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" \
  http://127.0.0.1:8083/api/v1/evaluations/150425-2024/status)
[ "$status" = 403 ] || fail "the county status answered $status to a department system"
pass "the county status is not a department's (403)"

leader=$("$ECOEVAL" token leader --county 150425)
jq -e '.groups | index("leader")' <<<"$(payload <<<"$leader"; echo)" >/dev/null || fail "leader token lacks the role"
pass "ecoeval token leader gives a leader's token"
