#!/usr/bin/env bash
# Checks that `ecoeval up` of a second clone (here: a fresh state directory) refuses to start while another process
# holds a port of the stack, names that port and the holding process, and starts nothing. Run it with no local stack
# up (it takes port 8081 itself), e.g. under the stack lock: flock /tmp/ecoeval-stack.lock deploy/local/tests/up-refuses-held-ports.sh
# Needs python3 (for a listener that is plainly not EcoEval's).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
state=$(mktemp -d)
python3 -m http.server 8081 --bind 127.0.0.1 >/dev/null 2>&1 &
holder=$!
trap 'kill $holder 2>/dev/null; rm -rf "$state"' EXIT
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/8081) 2>/dev/null && break; sleep 0.1; done

set +e
out=$(ECOEVAL_STATE=$state "$ROOT/deploy/local/ecoeval" up 2>&1)
status=$?
set -e
[ $status -ne 0 ] || fail "up went on although port 8081 is held"
grep -q "port 8081 (submission-service): held by pid $holder" <<<"$out" || fail "up did not name the holder: $out"
grep -q "http.server" <<<"$out" || fail "up did not show the holder's command: $out"
[ -z "$(ls "$state/pids" 2>/dev/null)" ] || fail "up started something: $(ls "$state/pids")"
echo "ok: up refused, naming port 8081 and pid $holder:"
echo "$out" | sed 's/^/    /'
