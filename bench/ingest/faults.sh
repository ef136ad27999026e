#!/usr/bin/env bash
# Ingest under faults: while K simulated devices stream QoS 1 log lines through a private Mosquitto,
#   1. the local PostgreSQL server is restarted (pg_ctlcluster ... restart -m fast), then
#   2. the device-ingest-service is killed with SIGKILL and started again,
# and the run checks that every message ends up stored exactly once. Prints the same summary
# lines as run.sh (lost and duplicated must both be 0) and what the service logged about the faults.
#
# It restarts the machine's shared PostgreSQL: run it by hand, never beside other work (not in CI).
# Sizes (environment): DEVICES (default 1000), MESSAGES (default 300000), PUBLISHERS (8), WINDOW (100),
# CONNECTIONS (4), BROKER_INFLIGHT (1000), PG_RESTART_AT / KILL_AT (seconds after the stream starts,
# default 2 and 6), BENCH_MQTT_PORT (18831), BENCH_HTTP_PORT (18084).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE="$ROOT/device-ingest-service"
DEVICES="${DEVICES:-1000}"
MESSAGES="${MESSAGES:-300000}"
PUBLISHERS="${PUBLISHERS:-8}"
WINDOW="${WINDOW:-100}"
CONNECTIONS="${CONNECTIONS:-4}"
BROKER_INFLIGHT="${BROKER_INFLIGHT:-1000}"
PG_RESTART_AT="${PG_RESTART_AT:-2}"
KILL_AT="${KILL_AT:-6}"
MQTT_PORT="${BENCH_MQTT_PORT:-18831}"
HTTP_PORT="${BENCH_HTTP_PORT:-18084}"
PGHOST="${BELLSYS_DB_HOST:-127.0.0.1}"
PGPORT="${BELLSYS_DB_PORT:-5432}"
PG_VERSION="$(ls /etc/postgresql | head -1)"
RUN="$(date +%s)$$"
DB="bellsys_faults_$RUN"
WORK="$(mktemp -d)"

cleanup() {
  [[ -n "${APP_PID:-}" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [[ -n "${GEN_PID:-}" ]] && kill "$GEN_PID" 2>/dev/null || true
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
unzip -p "$(ls ~/.m2/repository/com/bellsystems/common-test/*/common-test-*.jar | grep -v sources | head -1)" \
  bellsys-test-keys/jwt-public.pem > "$WORK/jwt-public.pem"

start_service() {
  BELLSYS_DB_NAME="$DB" BELLSYS_MQTT_PORT="$MQTT_PORT" BELLSYS_MQTT_TOPIC_PREFIX="faults-$RUN" \
  BELLSYS_MQTT_CLIENT_ID="faults-$RUN-ingest" BELLSYS_HTTP_PORT="$HTTP_PORT" \
  BELLSYS_INGEST_CONNECTIONS="$CONNECTIONS" BELLSYS_INGEST_BROKER_INFLIGHT="$BROKER_INFLIGHT" \
  BELLSYS_JWT_PUBLIC_KEY_LOCATION="$WORK/jwt-public.pem" \
  java -jar "$MODULE/target/quarkus-app/quarkus-run.jar" >>"$WORK/service.log" 2>&1 &
  APP_PID=$!
}
wait_ready() {
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  echo "service not ready"; tail -50 "$WORK/service.log"; return 1
}
start_service
wait_ready

CP="$MODULE/target/test-classes:$(ls "$MODULE"/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
echo "== $DEVICES devices, $MESSAGES messages; Postgres restart at +${PG_RESTART_AT}s, service SIGKILL at +${KILL_AT}s"
java -cp "$CP" -Dhost=127.0.0.1 -Dport="$MQTT_PORT" -Ddevices="$DEVICES" -Dmessages="$MESSAGES" \
  -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" -Dmode=ingest -Dprefix="faults-$RUN" -Dtimeout=600 \
  -Djdbc="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=postgres" com.bellsystems.ingest.bench.LoadGenerator \
  2>/dev/null | grep -v MqttClientImpl >"$WORK/generator.out" &
GEN_PID=$!
t0=$(date +%s.%N)
at() { sleep "$(awk -v t0="$t0" -v at="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + at - now; print (d > 0 ? d : 0) }')"; }

at "$PG_RESTART_AT"
stored=$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -Atc "SELECT count(*) FROM device_logs")
echo "+${PG_RESTART_AT}s: $stored rows stored; restarting PostgreSQL $PG_VERSION"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main restart -m fast
echo "  PostgreSQL is back after $(awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }') s"

at "$KILL_AT"
stored=$(psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -Atc "SELECT count(*) FROM device_logs")
echo "+${KILL_AT}s: $stored rows stored; kill -9 the service, start it again"
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
start_service
wait_ready
echo "  service ready again after $(awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }') s"

wait "$GEN_PID" || true
GEN_PID=
cat "$WORK/generator.out"
echo "service log about the faults:"
grep -E "refused a batch|accepts device batches|reconnecting|session present" "$WORK/service.log" | sed 's/^/  /' | cut -c1-220 | head -20
