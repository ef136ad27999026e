#!/usr/bin/env bash
# crm-service benchmark: customer list p50/p99 with each filter, and order creation, under
# <clients> concurrent closed-loop clients (wrk), against <customers> customers and <orders> orders
# on the local Postgres.
#   bench/crm/run.sh [customers=100000] [orders=300000] [seconds per scenario=20] [clients=50]
# Ends with a table of each scenario's req/s and p99 against the goals (list p99 < 25 ms and
# >= 4,000 req/s with every filter, order creation p99 < 50 ms), ready for the README.
# Needs: the packaged service (built here when missing), psql, java 17,
# openssl, and wrk 4.x (installed with apt-get when missing: Debian package "wrk").
# The service is warmed up first (JIT_WARMUP seconds of lists, default 40: the C2 compiler alone
# takes ~25 s of CPU), then each scenario for WARMUP seconds (default 10) before it is measured.
# Prints the load average before each scenario (the machine is shared, so read figures with it) and the
# CPU time per request of the service and of Postgres (wrk uses the rest of the cores).
# Uses its own database (bellsys_bench_crm, dropped at the end unless KEEP_DB=1; REUSE_DB=1 with KEEP_DB=1
# runs on the data a previous KEEP_DB=1 run left) and port 18082. Not part of CI.
set -euo pipefail
CUSTOMERS=${1:-100000}
ORDERS=${2:-300000}
SECONDS_EACH=${3:-20}
CLIENTS=${4:-50}
WARMUP=${WARMUP:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DB=${BENCH_DB:-bellsys_bench_crm}
PORT=${BENCH_PORT:-18082}
PGHOST=${PGHOST:-127.0.0.1}
PSQL=(psql -h "$PGHOST" -U postgres -v ON_ERROR_STOP=1 -q)
APP="$ROOT/crm-service/target/quarkus-app/quarkus-run.jar"
KEYS="$ROOT/common-test/src/main/resources/bellsys-test-keys"
[ -f "$APP" ] || (cd "$ROOT" && ./mvnw -B -ntp -q -pl crm-service -am package -DskipTests)
if ! command -v wrk >/dev/null; then
  echo "wrk not found: installing it (apt-get install -y wrk)"
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >/dev/null || {
    echo "could not install wrk; install it (Debian/Ubuntu: apt-get install wrk) and retry" >&2; exit 1; }
fi
command -v openssl >/dev/null || { echo "openssl is needed to sign the bench token" >&2; exit 1; }

WORK=$(mktemp -d)
APP_PID=
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# An RS256 sysadmin token in the shape staff-auth issues (issuer bellsys), signed with the test key.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header='{"alg":"RS256","typ":"JWT","kid":"test"}'
payload="{\"iss\":\"bellsys\",\"sub\":\"bench-1\",\"name\":\"Bench\",\"role\":\"sysadmin\",\"groups\":[\"sysadmin\"],\"permissions\":{},\"iat\":$now,\"exp\":$((now + 7200))}"
input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
TOKEN="$input.$(printf '%s' "$input" | openssl dgst -sha256 -sign "$KEYS/jwt-private.pem" -binary | b64url)"

[ -n "${REUSE_DB:-}" ] || "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"

echo "starting crm-service on :$PORT (schema by Flyway)"
# BELLSYS_ACCESS_TOKEN_TTL: services refuse tokens living longer than it; the bench token lives 2 h.
BELLSYS_DB_NAME=$DB BELLSYS_HTTP_PORT=$PORT BELLSYS_JWT_PUBLIC_KEY_LOCATION="$KEYS/jwt-public.pem" BELLSYS_ACCESS_TOKEN_TTL=PT2H \
  java -Xmx512m ${SERVICE_JAVA_OPTS:-} -Dquarkus.log.level=WARN -Dbellsys.outbox.worker.enabled=false -jar "$APP" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { cat "$WORK/app.log"; exit 1; }

if [ -n "${REUSE_DB:-}" ]; then
  echo "reusing $DB: $("${PSQL[@]}" -d "$DB" -At -c "SELECT (SELECT count(*) FROM crm_customers) || ' customers, ' || (SELECT count(*) FROM crm_orders) || ' orders'")"
else
  echo "generating $CUSTOMERS customers and $ORDERS orders"
  t0=$(date +%s)
  "${PSQL[@]}" -d "$DB" -v customers="$CUSTOMERS" -v orders="$ORDERS" -f "$HERE/generate.sql"
  echo "  generated in $(( $(date +%s) - t0 )) s"
fi
"${PSQL[@]}" -d "$DB" -At -c "SELECT id FROM crm_customers ORDER BY random() LIMIT 2000" >"$WORK/customers.txt"

echo "load: wrk, $CLIENTS connections (closed loop), ${WARMUP} s warm-up + ${SECONDS_EACH} s per scenario" \
  "(outbox worker off: only the enqueue is measured)"
run() { # scenario seconds
  wrk -t2 -c"$CLIENTS" -d"$2"s -s "$HERE/crm.lua" "http://127.0.0.1:$PORT" -- "$1" "$TOKEN" "$WORK/customers.txt" \
    "$(date +%s%N)" 2>>"$WORK/wrk.err" | tail -1
}
# CPU time (clock ticks) of a set of processes: where each request's cost goes.
cpu_ticks() { local total=0 pid; for pid in "$@"; do
  [[ -r /proc/$pid/stat ]] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) )); done; echo "$total"; }
TICK_MS=$(( 1000 / $(getconf CLK_TCK) ))
LIST_P99_GOAL_MS=25 LIST_RATE_GOAL=4000 ORDER_P99_GOAL_MS=50
declare -A LABEL=([list]="list, no filter" [status]="list \`relationship_status\`" [tag]="list \`tag\`"
  [q]="list \`q\` (search)" [all]="list, all three filters" [orders]="orders, newest first" [order]="order creation")
SUMMARY=()
[ "${JIT_WARMUP:-40}" -gt 0 ] && run list "${JIT_WARMUP:-40}" >/dev/null
for scenario in ${SCENARIOS:-list status tag q all orders order}; do
  [ "$WARMUP" -gt 0 ] && run "$scenario" "$WARMUP" >/dev/null
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  service0=$(cpu_ticks "$APP_PID"); postgres0=$(cpu_ticks $(pgrep -x postgres))
  line=$(run "$scenario" "$SECONDS_EACH")
  n=$(sed -E 's/.* n= *([0-9]+).*/\1/' <<<"$line")
  service_us=$(( ($(cpu_ticks "$APP_PID") - service0) * TICK_MS * 1000 / (n > 0 ? n : 1) ))
  postgres_us=$(( ($(cpu_ticks $(pgrep -x postgres)) - postgres0) * TICK_MS * 1000 / (n > 0 ? n : 1) ))
  printf 'load %-16s %s  cpu/request: service %d us, postgres %d us\n' "$load" "$line" "$service_us" "$postgres_us"
  rate=$(sed -E 's/.* ([0-9]+) req\/s.*/\1/' <<<"$line"); p99=$(sed -E 's/.*p99= *([0-9.]+) ms.*/\1/' <<<"$line")
  errors=$(sed -E 's/.*errors= *([0-9]+).*/\1/' <<<"$line")
  if [ "$scenario" = order ]; then
    goal="p99 < $ORDER_P99_GOAL_MS ms"; met=$(awk -v p="$p99" -v g="$ORDER_P99_GOAL_MS" 'BEGIN { print (p < g) ? "yes" : "no" }')
  else
    goal="p99 < $LIST_P99_GOAL_MS ms, >= $LIST_RATE_GOAL req/s"
    met=$(awk -v p="$p99" -v g="$LIST_P99_GOAL_MS" -v r="$rate" -v rg="$LIST_RATE_GOAL" \
      'BEGIN { print (p < g && r >= rg) ? "yes" : (p < g ? "no (req/s)" : (r >= rg ? "no (p99)" : "no")) }')
  fi
  [ "$errors" -gt 0 ] && met="no ($errors errors)"
  SUMMARY+=("| ${LABEL[$scenario]:-$scenario} | $rate | $p99 | $goal | $met | ${service_us} + ${postgres_us} | $load |")
done
[ -s "$WORK/wrk.err" ] && { echo "first errors:"; head -5 "$WORK/wrk.err"; }
echo "outbox rows enqueued by the order scenario: $("${PSQL[@]}" -d "$DB" -At -c "SELECT count(*) FROM firestore_outbox")"
echo
echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $CUSTOMERS customers, $ORDERS orders, $CLIENTS clients, ${SECONDS_EACH} s per scenario:"
echo "| scenario | req/s | p99 ms | goal | met | CPU/request service + Postgres µs | load avg before |"
echo "|---|---|---|---|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
