#!/usr/bin/env bash
# Ingest benchmark: K simulated devices publish QoS 1 log lines through Mosquitto; the packaged
# device-ingest-service stores them in Postgres. Prints, from one run:
#   - the broker's own ceiling (a subscriber that discards),
#   - sustained msg/s from first publish to last committed row, p50/p99 publish->row latency,
#   - lost and duplicated messages (both must be 0).
# Uses a private Mosquitto on BENCH_MQTT_PORT (so the shared broker on 1883 and other work are not
# disturbed, and so its in-flight window can be set) and a throw-away database on the local Postgres.
#
# Sizes (environment): DEVICES (K, default 1000), MESSAGES (total, default 100000), PUBLISHERS
# (connections, default 8), WINDOW (unacked publishes per connection, default 100), CONNECTIONS (the
# service's MQTT connections = the ceiling's subscribers, default 4), BROKER_INFLIGHT (Mosquitto
# max_inflight_messages, default 1000), BATCH_SIZE (default 1000), WARMUP (messages sent through the
# service before measuring, default 50000), BENCH_MQTT_PORT (default 18830), SERVICE_JAVA_OPTS.
# Quick run: DEVICES=200 MESSAGES=20000 bench/ingest/run.sh
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE="$ROOT/device-ingest-service"
DEVICES="${DEVICES:-1000}"
MESSAGES="${MESSAGES:-100000}"
PUBLISHERS="${PUBLISHERS:-8}"
WINDOW="${WINDOW:-100}"
CONNECTIONS="${CONNECTIONS:-4}"
BROKER_INFLIGHT="${BROKER_INFLIGHT:-1000}"
BATCH_SIZE="${BATCH_SIZE:-1000}"
WARMUP="${WARMUP:-50000}"
MQTT_PORT="${BENCH_MQTT_PORT:-18830}"
HTTP_PORT="${BENCH_HTTP_PORT:-18083}"
PGHOST="${BELLSYS_DB_HOST:-127.0.0.1}"
PGPORT="${BELLSYS_DB_PORT:-5432}"
RUN="$(date +%s)$$"
DB="bellsys_bench_$RUN"
WORK="$(mktemp -d)"

cleanup() {
  [[ -n "${APP_PID:-}" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ -n "${BROKER_PID:-}" ]] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -f "$MODULE/target/quarkus-app/quarkus-run.jar" || ! -d "$MODULE/target/test-classes/com/bellsystems/ingest/bench" ]]; then
  echo "building device-ingest-service (tests skipped) ..."
  (cd "$ROOT" && mvn -B -ntp -q -pl device-ingest-service package -DskipTests)
fi

cat > "$WORK/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages $BROKER_INFLIGHT
max_queued_messages 0
CONF
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
BROKER_PID=$!
sleep 0.5

psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
# the service only verifies tokens; the benchmark sends none, any public key will do
unzip -p "$(ls ~/.m2/repository/com/bellsystems/common-test/*/common-test-*.jar | grep -v sources | head -1)" \
  bellsys-test-keys/jwt-public.pem > "$WORK/jwt-public.pem"

BELLSYS_DB_NAME="$DB" BELLSYS_MQTT_PORT="$MQTT_PORT" BELLSYS_MQTT_TOPIC_PREFIX="bench-$RUN" \
BELLSYS_MQTT_CLIENT_ID="bench-$RUN-ingest" BELLSYS_HTTP_PORT="$HTTP_PORT" \
BELLSYS_INGEST_CONNECTIONS="$CONNECTIONS" BELLSYS_INGEST_BROKER_INFLIGHT="$BROKER_INFLIGHT" \
BELLSYS_JWT_PUBLIC_KEY_LOCATION="$WORK/jwt-public.pem" \
java ${SERVICE_JAVA_OPTS:-} -Dbellsys.ingest.batch-size="$BATCH_SIZE" -jar "$MODULE/target/quarkus-app/quarkus-run.jar" >"$WORK/service.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/service.log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null || { echo "service not ready"; tail -50 "$WORK/service.log"; exit 1; }

CP="$MODULE/target/test-classes:$(ls "$MODULE"/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
COMMON=(-Dhost=127.0.0.1 -Dport="$MQTT_PORT" -Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS"
        -Dwindow="$WINDOW" -Dsubscribers="$CONNECTIONS")

echo "== $DEVICES devices, $MESSAGES messages, $PUBLISHERS publisher connections x window $WINDOW;" \
     "service: $CONNECTIONS MQTT connections, batch $BATCH_SIZE; broker max_inflight_messages $BROKER_INFLIGHT; $(nproc) cores"
# CPU seconds (user+system) used by a set of processes, to say where a phase's time went.
cpu_of() { # pids...
  local total=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] && total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
  done
  echo "$total"
}
cpu_snapshot() {
  echo "$(cpu_of "$APP_PID") $(cpu_of "$BROKER_PID") $(cpu_of $(pgrep -x postgres || true)) $(awk '{print $1}' /proc/loadavg)"
}
cpu_report() { # phase before after
  local hz; hz=$(getconf CLK_TCK)
  read -r a1 b1 p1 _ <<<"$2"; read -r a2 b2 p2 l2 <<<"$3"
  awk -v hz="$hz" -v a=$((a2 - a1)) -v b=$((b2 - b1)) -v p=$((p2 - p1)) -v ph="$1" -v l="$l2" 'BEGIN {
    printf "  cpu during %s: service %.1f s, mosquitto %.1f s, postgres %.1f s (the generator is the rest); load average %s\n",
      ph, a / hz, b / hz, p / hz, l }'
}

if (( WARMUP > 0 )); then
  # A service runs for days: let the JIT compile the hot path first (it costs several CPU seconds,
  # which would otherwise be charged to the measured run), then start from an empty table.
  echo "warm-up: $WARMUP messages through the service (not measured)"
  java -cp "$CP" "${COMMON[@]}" -Dmessages="$WARMUP" -Dmode=ingest -Dprefix="bench-$RUN" \
    -Djdbc="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=postgres" com.bellsystems.ingest.bench.LoadGenerator 2>/dev/null \
    | grep -E '^(ingest:|lost)' | sed 's/^/  warm-up /'
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -qc "TRUNCATE device_logs" >/dev/null
fi

before=$(cpu_snapshot)
java -cp "$CP" "${COMMON[@]}" -Dmode=ceiling -Dprefix="ceiling-$RUN" com.bellsystems.ingest.bench.LoadGenerator
mid=$(cpu_snapshot)
cpu_report "the ceiling run" "$before" "$mid"
java -cp "$CP" "${COMMON[@]}" -Dmode=ingest -Dprefix="bench-$RUN" \
  -Djdbc="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=postgres" com.bellsystems.ingest.bench.LoadGenerator
cpu_report "the ingest run" "$mid" "$(cpu_snapshot)"
echo "service: $(curl -fs "http://127.0.0.1:$HTTP_PORT/q/metrics" | grep -E '^bellsys_ingest_batch_seconds_(count|sum)' | tr '\n' ' ')"
