#!/usr/bin/env bash
# audit-service benchmark (issue 21 goal: p99 < 10 ms for every filter combination at 50M rows).
# For each data set size (default 5,000,000 then 50,000,000 audit rows over 2 years, 200 actors,
# 50,000 entities) it starts the packaged service against that size's database, measures p50/p99
# over HTTP for every filter combination with the query plan of each, and at the end prints the
# growth table: p99 per size and its ratio to the smallest size (the anchor, measured in the same run).
#
# Generating 50M rows takes ~13 min here and ~22 GB of disk; it is not a measurement, so do it once under
# the shared lock, then measure under the exclusive one. The databases are kept for the next run.
#   flock -s /tmp/bellsys-bench.lock env GENERATE_ONLY=1 bench/audit/run.sh   # create missing data sets
#   flock -x /tmp/bellsys-bench.lock bench/audit/run.sh                       # measure
#   SIZES=500000 bench/audit/run.sh                                          # small, while iterating
#
# Env: SIZES (row counts, smallest first), ACTORS, ENTITIES, REQUESTS (per combination, default
# 1000), WARMUP (100), GOAL_MS (10), BENCH_DB_PREFIX (bellsys_bench_audit: databases
# <prefix>_5m, <prefix>_50m), REUSE=0 regenerates even a database that holds the right row count,
# DROP_DB=1 drops each database after its run, GENERATE_ONLY=1 stops after generating, REBUILD=1
# repackages the service, EXPORTS=0 skips the CSV exports, EXPORT_ALL=1 also exports the whole log,
# HEAP (service -Xmx, default 256m: the export must stream to fit), OUT (bench/audit/out).
set -euo pipefail
cd "$(dirname "$0")/../.."

SIZES=${SIZES:-"5000000 50000000"}
export ACTORS=${ACTORS:-200}
export ENTITIES=${ENTITIES:-50000}
REQUESTS=${REQUESTS:-1000}
WARMUP=${WARMUP:-100}
export GOAL_MS=${GOAL_MS:-10}
PREFIX=${BENCH_DB_PREFIX:-bellsys_bench_audit}
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

label() { # 5000000 -> 5m, 500000 -> 500k
  if (( $1 % 1000000 == 0 )); then echo "$(( $1 / 1000000 ))m"
  elif (( $1 % 1000 == 0 )); then echo "$(( $1 / 1000 ))k"
  else echo "$1"; fi
}

SERVICE=
stop_service() {
  if [[ -n $SERVICE ]]; then kill "$SERVICE" 2>/dev/null || true; wait "$SERVICE" 2>/dev/null || true; fi
  SERVICE=
}
trap stop_service EXIT

GROWTH=()
for ROWS in $SIZES; do
  L=$(label "$ROWS")
  DB=${PREFIX}_$L
  echo
  echo "==================== $ROWS rows ($DB)"
  if [[ ${REUSE:-1} != 1 ]] || ! $PG -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
    $PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
    $PG -d postgres -c "CREATE DATABASE $DB"
  fi

  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  echo "== starting the packaged audit-service on :$PORT against $DB (-Xmx$HEAP)"
  # BELLSYS_ACCESS_TOKEN_TTL: services refuse tokens living longer than it; AuditBench's token lives 3 h.
  BELLSYS_DB_NAME=$DB BELLSYS_HTTP_PORT=$PORT BELLSYS_JWT_PUBLIC_KEY_LOCATION="file:$PWD/$KEY/jwt-public.pem" BELLSYS_ACCESS_TOKEN_TTL=PT3H \
    java -Xmx"$HEAP" -Xlog:gc:file="$OUT/gc-$L.log" -jar $APP/quarkus-run.jar > "$OUT/service-$L.log" 2>&1 &
  SERVICE=$!
  STARTED=$(date +%s.%N)
  # Start-up applies pending migrations first: an index migration over 50M existing rows takes minutes.
  for _ in $(seq 1 1800); do
    if curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null; then break; fi
    if ! kill -0 "$SERVICE" 2>/dev/null; then cat "$OUT/service-$L.log"; exit 1; fi
    sleep 1
  done
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" > /dev/null || { echo "service did not become ready"; tail -50 "$OUT/service-$L.log"; exit 1; }

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

  if [[ ${GENERATE_ONLY:-0} != 1 ]]; then
    echo "== latency: $REQUESTS sequential requests per combination (after $WARMUP warm-up requests for each combination), one keep-alive connection"
    echo "   load average now $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
    MEASURING_FROM=$(echo "$(date +%s.%N) - $STARTED" | bc) # JVM uptime when the warm-up starts
    RESULT_TSV="$OUT/result-$L.tsv" PLANS_OUT="$OUT/plans-$L.txt" java -cp "$APP/app/*:$APP/lib/main/*" bench/audit/AuditBench.java \
      "http://127.0.0.1:$PORT" "$KEY/jwt-private.pem" "$DB" "$REQUESTS" "$WARMUP" | tee "$OUT/result-$L.txt"
    echo "== service RSS after the run: $(ps -o rss= -p "$SERVICE" | awk '{printf "%.0f MB", $1/1024}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
    # GC pauses of the service from the warm-up on (start-up left out): a tail suspect besides I/O.
    awk -v from="$MEASURING_FROM" '/Pause/ && match($0, /[0-9.]+ms$/) {
           ms = substr($0, RSTART, RLENGTH - 2) + 0; up = substr($1, 2) + 0
           if (up >= from) { n++; sum += ms; if (ms > max) max = ms } }
         END { printf "== service GC during warm-up and measurement: %d pauses, %.1f ms in all, longest %.2f ms\n", n, sum, max }' "$OUT/gc-$L.log"
    GROWTH+=("$L=$OUT/result-$L.tsv")
  fi
  stop_service
  if [[ ${DROP_DB:-0} == 1 ]]; then $PG -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"; fi
done

if (( ${#GROWTH[@]} > 0 )); then
  echo
  echo "==================== growth: p99 per data set size, ratio to the smallest (same run)"
  java -cp "$APP/app/*:$APP/lib/main/*" bench/audit/AuditBench.java --growth "${GROWTH[@]}" | tee "$OUT/growth.txt"
  echo "== load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%FT%TZ)"
fi
