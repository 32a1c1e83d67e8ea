#!/usr/bin/env bash
# Throughput of GET /api/v1/evaluations/150425-2024/status with and without If-None-Match.
#
# Starts its own PostgreSQL and Kafka (the project's LocalInfra launchers, on ports apart from the local
# stack's) and the packaged tracking-service, which verifies bearer tokens against a key pair made here
# (quarkus.oidc.public-key: no OIDC server needed); registers the Hexigten 2024 plan; runs StatusBench.java;
# stops everything it started. Rerunnable. Needs a build first:
#   mvn -B install -DskipTests   (or at least -pl tracking-service -am, plus deploy/local/infra)
# Knobs: BENCH_SECONDS (default 10), CLIENTS (concurrent connections, default 8).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CLIENTS=${CLIENTS:-8}
PG_PORT=${BENCH_PG_PORT:-55432}
KAFKA_PORT=${BENCH_KAFKA_PORT:-59092}
KAFKA_CONTROLLER_PORT=${BENCH_KAFKA_CONTROLLER_PORT:-59093}
HTTP_PORT=${BENCH_HTTP_PORT:-58083}
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-59083}
WORK="$(mktemp -d /tmp/ecoeval-status-bench-XXXXXX)"
chmod 755 "$WORK"
JAR="$ROOT/tracking-service/target/quarkus-app/quarkus-run.jar"
CP_FILE="$ROOT/deploy/local/infra/target/infra.classpath"
[ -f "$JAR" ] && [ -f "$CP_FILE" ] || { echo "build first: mvn -B install -DskipTests" >&2; exit 1; }

infra() { java -Decoeval.project.root="$ROOT" -Djava.io.tmpdir=/tmp -cp "$(cat "$CP_FILE"):$ROOT/deploy/local/infra/target/classes" org.ecoeval.infra.LocalInfra "$@"; }
SERVICE_PID=
cleanup() {
  local rc=$?
  [ $rc -ne 0 ] && [ -f "$WORK/service.log" ] && { echo "--- service log (tail) ---" >&2; tail -60 "$WORK/service.log" >&2; }
  [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
  infra kafka-down --dir "$WORK/kafka" --port "$KAFKA_PORT" >>"$WORK/infra.log" 2>&1 || true
  infra postgres-down --dir "$WORK/postgres" --port "$PG_PORT" >>"$WORK/infra.log" 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/key.pem" 2>/dev/null
PUBLIC_KEY=$(openssl pkey -in "$WORK/key.pem" -pubout -outform DER 2>/dev/null | base64 -w0)

echo "starting PostgreSQL :$PG_PORT and Kafka :$KAFKA_PORT …"
infra postgres-up --dir "$WORK/postgres" --port "$PG_PORT" --databases tracking >>"$WORK/infra.log" 2>&1
infra kafka-up --dir "$WORK/kafka" --port "$KAFKA_PORT" --controller-port "$KAFKA_CONTROLLER_PORT" >>"$WORK/infra.log" 2>&1

echo "starting tracking-service :$HTTP_PORT …"
java -Xmx512m -Dquarkus.http.port="$HTTP_PORT" -Dquarkus.management.port="$MANAGEMENT_PORT" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:$PG_PORT/tracking" -Dquarkus.datasource.username=ecoeval \
  -Dkafka.bootstrap.servers="127.0.0.1:$KAFKA_PORT" \
  -Dquarkus.oidc.public-key="$PUBLIC_KEY" -Dquarkus.oidc.auth-server-url= -Dquarkus.oidc.dashboard.tenant-enabled=false \
  -Decoeval.tracking.webhook.secret-key="$(head -c 32 /dev/urandom | base64)" \
  -Dquarkus.mailer.mock=true -Dquarkus.log.level=WARN -Decoeval.allow-local-defaults=true -Dquarkus.log.console.json.enabled=false \
  -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
  sleep 1
done
curl -fsS "http://127.0.0.1:$MANAGEMENT_PORT/q/health/ready" >/dev/null || { tail -40 "$WORK/service.log" >&2; exit 1; }

echo "benchmark: $CLIENTS clients, ${SECONDS_PER_RUN}s per run ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
java "$ROOT/tracking-service/bench/StatusBench.java" "http://127.0.0.1:$HTTP_PORT" "$WORK/key.pem" \
  "$ROOT/deploy/local/plans/150425-2024.json" "$SECONDS_PER_RUN" "$CLIENTS"
