#!/usr/bin/env bash
# audit-service benchmark: 5,000,000 audit rows over 2 years, 200 actors, 50,000 entities; p50/p99
# latency over HTTP for every filter combination, the query plan of each, and CSV export speed.
#
#   bench/audit/run.sh                      # full size (issue defaults)
#   ROWS=500000 bench/audit/run.sh          # smaller, while iterating
#
# Env: ROWS, ACTORS, ENTITIES (data set), REQUESTS (per combination, default 200), WARMUP (30),
# BENCH_DB (bellsys_bench_audit), REUSE=1 keeps an existing database that already holds ROWS rows,
# KEEP_DB=1 keeps the database afterwards, REBUILD=1 repackages the service, EXPORT_ALL=1 also
# exports the whole log, HEAP (service -Xmx, default 256m: the export must stream to fit).
set -euo pipefail
cd "$(dirname "$0")/../.."

ROWS=${ROWS:-5000000}
export ACTORS=${ACTORS:-200}
export ENTITIES=${ENTITIES:-50000}
REQUESTS=${REQUESTS:-200}
WARMUP=${WARMUP:-30}
DB=${BENCH_DB:-bellsys_bench_audit}
HEAP=${HEAP:-256m}
PG="psql -X -q -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1"
APP=audit-service/target/quarkus-app
KEY=common-test/src/main/resources/bellsys-test-keys
OUT=${OUT:-bench/audit/out}
mkdir -p "$OUT"

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"

if [[ ! -f $APP/quarkus-run.jar || ${REBUILD:-0} == 1 ]]; then
  echo "== packaging audit-service"
  ./mvnw -B -ntp -q -pl audit-service -am package -DskipTests
fi

if [[ ${REUSE:-0} != 1 ]] || ! $PG -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  $PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  $PG -d postgres -c "CREATE DATABASE $DB"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo "== starting the packaged audit-service on :$PORT against $DB (-Xmx$HEAP)"
# BELLSYS_ACCESS_TOKEN_TTL: services refuse tokens living longer than it; AuditBench's token lives 3 h.
BELLSYS_DB_NAME=$DB BELLSYS_HTTP_PORT=$PORT BELLSYS_JWT_PUBLIC_KEY_LOCATION="file:$PWD/$KEY/jwt-public.pem" BELLSYS_ACCESS_TOKEN_TTL=PT3H \
  java -Xmx"$HEAP" -jar $APP/quarkus-run.jar > "$OUT/service.log" 2>&1 &
SERVICE=$!
cleanup() {
  kill "$SERVICE" 2>/dev/null || true
  wait "$SERVICE" 2>/dev/null || true
  if [[ ${KEEP_DB:-0} != 1 ]]; then $PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null; then break; fi
  if ! kill -0 "$SERVICE" 2>/dev/null; then cat "$OUT/service.log"; exit 1; fi
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "service did not become ready"; tail -50 "$OUT/service.log"; exit 1; }

HAVE=$($PG -d "$DB" -tAc "SELECT count(*) FROM audit_log")
if [[ $HAVE != "$ROWS" ]]; then
  echo "== generating $ROWS audit rows ($ACTORS actors, $ENTITIES entities, 730 days)"
  start=$(date +%s)
  $PG -d "$DB" -v rows="$ROWS" -v actors="$ACTORS" -v entities="$ENTITIES" -f bench/audit/generate.sql
  echo "   generated and indexed in $(( $(date +%s) - start )) s"
else
  echo "== reusing $HAVE rows in $DB"
fi
$PG -d "$DB" -c "SELECT pg_size_pretty(pg_table_size('audit_log')) AS heap, pg_size_pretty(pg_indexes_size('audit_log')) AS indexes"

echo "== latency: $REQUESTS sequential requests per combination (after $WARMUP warm-up requests for each combination), one keep-alive connection"
echo "   load average now $(cut -d' ' -f1-3 /proc/loadavg)"
PLANS_OUT="$OUT/plans.txt" java -cp "$APP/app/*:$APP/lib/main/*" bench/audit/AuditBench.java \
  "http://127.0.0.1:$PORT" "$KEY/jwt-private.pem" "$DB" "$REQUESTS" "$WARMUP" | tee "$OUT/result.txt"
echo "== service RSS after the run: $(ps -o rss= -p "$SERVICE" | awk '{printf "%.0f MB", $1/1024}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
