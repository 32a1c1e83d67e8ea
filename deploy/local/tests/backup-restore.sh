#!/usr/bin/env bash
# Backup, wipe, restore: after `ecoeval restore` the stack shows the same submissions, the same evidence bytes and the
# same score as when `ecoeval backup` ran. Runs the local stack itself (up … down): hold the stack lock, e.g.
#   flock /tmp/ecoeval-stack.lock deploy/local/tests/backup-restore.sh
# Needs curl, jq, sha256sum. Wipes this clone's local state (PostgreSQL data, evidence store, Keycloak's database)!
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
ECOEVAL=$ROOT/deploy/local/ecoeval
STATE=${ECOEVAL_STATE:-$ROOT/.ecoeval}
E=150425-2024
fail() { echo "FAIL: $*" >&2; exit 1; }
mkdir -p "$STATE"
# on the clone's disk, not /tmp; inside the state directory, which the launcher's rebuild check ignores
backup=$(mktemp -d "$STATE/backup-test.XXXXXX")
work=$(mktemp -d)
trap 'rm -rf "$backup" "$work"; "$ECOEVAL" down >/dev/null 2>&1 || true' EXIT

snapshot() { # snapshot <dir>: what a county would check after a restore
  local bureau fin
  bureau=$("$ECOEVAL" token bureau --county 150425)
  curl -fsS -H "Authorization: Bearer $bureau" "http://127.0.0.1:8081/api/v1/evaluations/$E/submissions?pageSize=100" \
    | jq -S . > "$1/submissions.json"
  for id in $(jq -r '.items[].id' "$1/submissions.json"); do # the list is a summary: each submission in full
    curl -fsS -H "Authorization: Bearer $bureau" "http://127.0.0.1:8081/api/v1/submissions/$id" | jq -S .
  done > "$1/details.json"
  for id in $(jq -r '.versions[]?.evidence[]?' "$1/details.json" | sort -u); do
    curl -fsS -H "Authorization: Bearer $bureau" "http://127.0.0.1:8081/api/v1/evidence/$id" | sha256sum
  done > "$1/evidence.sha256"
  curl -fsS -H "Authorization: Bearer $bureau" "http://127.0.0.1:8082/api/v1/evaluations/$E/score" | jq -S . > "$1/score.json"
}

"$ECOEVAL" up >/dev/null
# a submission with an evidence file, by the finance bureau
fin=$("$ECOEVAL" token department --department FIN --county 150425)
printf '%%PDF-1.4\n%% backup-restore test %s\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' "$(date +%s%N)" > "$work/report.pdf"
evidence=$(curl -fsS -H "Authorization: Bearer $fin" -F "file=@$work/report.pdf;type=application/pdf" \
  "http://127.0.0.1:8081/api/v1/evaluations/$E/evidence" | jq -r .id)
# FIN-INVEST's submission: a new one, or a new version of the one an earlier run left
existing=$(curl -fsS -H "Authorization: Bearer $fin" "http://127.0.0.1:8081/api/v1/evaluations/$E/submissions?task=FIN-INVEST" \
  | jq -r '.items[0].id // empty')
if [ -z "$existing" ]; then
  status=$(curl -sS -o "$work/answer.json" -w '%{http_code}' -H "Authorization: Bearer $fin" -H 'Content-Type: application/json' \
    -d "{\"task\":\"FIN-INVEST\",\"evidence\":[\"$evidence\"]}" "http://127.0.0.1:8081/api/v1/evaluations/$E/submissions")
else
  status=$(curl -sS -o "$work/answer.json" -w '%{http_code}' -X PUT -H "Authorization: Bearer $fin" -H 'Content-Type: application/json' \
    -d "{\"evidence\":[\"$evidence\"]}" "http://127.0.0.1:8081/api/v1/submissions/$existing")
fi
[ "$status" = 201 ] || [ "$status" = 200 ] || fail "the submission with evidence was refused ($status): $(cat "$work/answer.json")"
mkdir -p "$work/before" "$work/after"
# the score is compared as it stands: wait until scoring has applied the new event (two reads a second apart agree)
for _ in $(seq 1 30); do
  snapshot "$work/before"; cp "$work/before/score.json" "$work/previous-score.json"; sleep 1
  snapshot "$work/before"; cmp -s "$work/before/score.json" "$work/previous-score.json" && break
done
grep -q . "$work/before/evidence.sha256" || fail "no evidence in the snapshot"

"$ECOEVAL" backup "$backup/copy"
[ -f "$backup/copy/SHA256SUMS" ] || fail "no checksums written"
"$ECOEVAL" down >/dev/null

# the loss: database, evidence files and realm gone
pgdata=$(readlink -f "$STATE/postgres/data")
rm -rf "$pgdata" "$STATE/evidence" "$STATE/keycloak/keycloak-"*/data/h2
# a damaged backup is refused before anything changes
cp -r "$backup/copy" "$backup/damaged"; printf x >> "$backup/damaged/evidence.tar"
if "$ECOEVAL" restore "$backup/damaged" 2>/dev/null; then fail "a damaged backup was restored"; fi

"$ECOEVAL" restore "$backup/copy"
"$ECOEVAL" up >/dev/null
snapshot "$work/after"
diff "$work/before/submissions.json" "$work/after/submissions.json" || fail "submissions differ after restore"
diff "$work/before/details.json" "$work/after/details.json" || fail "a submission's content differs after restore"
diff "$work/before/evidence.sha256" "$work/after/evidence.sha256" || fail "evidence files differ after restore"
diff "$work/before/score.json" "$work/after/score.json" || fail "the score differs after restore"
echo "ok: backup, wipe, restore gave the same $(jq '.items | length' "$work/after/submissions.json") submissions, $(wc -l < "$work/after/evidence.sha256") evidence files and score"
