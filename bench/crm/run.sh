#!/usr/bin/env bash
# crm-service benchmark: customer list p50/p99 with each filter, and order creation, under
# 50 concurrent clients, against <customers> customers and <orders> orders on the local Postgres.
#   bench/crm/run.sh [customers=50000] [orders=150000] [requests per scenario=5000] [clients=50]
# Needs: the packaged service (mvn -pl crm-service package -DskipTests), psql, java 17.
# Uses its own database (bellsys_bench_crm, dropped at the end) and port 18082.
set -euo pipefail
CUSTOMERS=${1:-50000}
ORDERS=${2:-150000}
REQUESTS=${3:-5000}
CLIENTS=${4:-50}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DB=${BENCH_DB:-bellsys_bench_crm}
PORT=${BENCH_PORT:-18082}
PGHOST=${PGHOST:-127.0.0.1}
PSQL=(psql -h "$PGHOST" -U postgres -v ON_ERROR_STOP=1 -q)
APP="$ROOT/crm-service/target/quarkus-app/quarkus-run.jar"
KEYS="$ROOT/common-test/src/main/resources/bellsys-test-keys"
[ -f "$APP" ] || { echo "build first: mvn -B -ntp -pl crm-service package -DskipTests" >&2; exit 1; }

WORK=$(mktemp -d)
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

echo "starting crm-service on :$PORT (schema by Flyway)"
BELLSYS_DB_NAME=$DB BELLSYS_HTTP_PORT=$PORT BELLSYS_JWT_PUBLIC_KEY_LOCATION="$KEYS/jwt-public.pem" \
  java -Xmx512m -Dquarkus.log.level=WARN -Dbellsys.crm.outbox.worker.enabled=false -jar "$APP" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { cat "$WORK/app.log"; exit 1; }

echo "generating $CUSTOMERS customers and $ORDERS orders"
t0=$(date +%s)
"${PSQL[@]}" -d "$DB" -v customers="$CUSTOMERS" -v orders="$ORDERS" -f "$HERE/generate.sql"
echo "  generated in $(( $(date +%s) - t0 )) s"
"${PSQL[@]}" -d "$DB" -At -c "SELECT id FROM crm_customers ORDER BY random() LIMIT 2000" >"$WORK/customers.txt"

echo "load: $REQUESTS requests per scenario, $CLIENTS concurrent clients (outbox worker off: only the enqueue is measured)"
java "$HERE/LoadGen.java" "http://127.0.0.1:$PORT" "$KEYS/jwt-private.pem" "$CLIENTS" "$REQUESTS" "$WORK/customers.txt" \
  "vip,bells,clock,repair,church,monastery,install,warranty"
echo "outbox rows enqueued by the order scenario: $("${PSQL[@]}" -d "$DB" -At -c "SELECT count(*) FROM firestore_outbox")"
echo "goals: list p99 < 25 ms, order creation p99 < 50 ms"
