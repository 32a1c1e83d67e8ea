#!/usr/bin/env bash
# Lints the three services' OpenAPI documents with Redocly's recommended ruleset: errors fail the script (warnings
# are shown). The documents are the ones the services serve at /q/openapi, written at build time by
# quarkus.smallrye-openapi.store-schema-directory (the filter ApiDocument included), so no stack is needed.
# Needs Maven and npx (node); Redocly CLI is fetched from the npm registry on first use.
#   deploy/local/tests/openapi-lint.sh            build, then lint
#   OPENAPI_LINT_NO_BUILD=1 deploy/local/tests/openapi-lint.sh   lint the documents of the last build
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
REDOCLY_VERSION=${REDOCLY_VERSION:-2.77.0}
SERVICES=(submission-service scoring-service tracking-service)
cd "$ROOT"
if [ -z "${OPENAPI_LINT_NO_BUILD:-}" ]; then
  mvn -B -q package -DskipTests -pl "$(IFS=,; echo "${SERVICES[*]}")" -am \
    -Dquarkus.smallrye-openapi.store-schema-directory=target/openapi
fi
status=0
for service in "${SERVICES[@]}"; do
  doc="$service/target/openapi/openapi.yaml"
  [ -f "$doc" ] || { echo "FAIL: $doc missing (build first)" >&2; exit 1; }
  echo "== $service"
  out=$(npx -y "@redocly/cli@$REDOCLY_VERSION" lint --extends=recommended --format=stylish "$doc" 2>&1) || status=1
  grep -v '[║╔╚]' <<<"$out" | sed '/^\s*$/d'
done
if [ $status -eq 0 ]; then echo "ok: no errors in the three documents"; else echo "FAIL: Redocly reported errors" >&2; fi
exit $status
