#!/usr/bin/env bash
# Ingest under faults, against the system as bin/start starts it (our broker from deploy/mosquitto,
# its service account, the packaged services): while DEVICES simulated devices stream MESSAGES QoS 1
# log lines at the broker's full rate,
#   1. PostgreSQL is stopped (pg_ctl stop -m fast) for PG_DOWN seconds, then started again, and
#   2. during that outage device-ingest-service is killed with SIGKILL and bin/start brings it back,
# and every message must end up stored exactly once (the generator prints lost / duplicated).
#
# It needs a PRIVATE PostgreSQL cluster it may stop (never the machine's shared one):
#   PG_DATA=<data dir> BELLSYS_DB_PORT=<its port> [PG_BIN=/usr/lib/postgresql/15/bin] [PG_USER=postgres]
# It takes /tmp/bellsys-system.lock for the whole run (bin/start uses fixed ports 8080-8085) and
# stops the system with bin/stop at the end. The broker port is BELLSYS_MQTT_PORT (default 1883).
# Sizes: DEVICES (1000), MESSAGES (300000), PUBLISHERS (8), WINDOW (100), PG_STOP_AT (2),
# PG_DOWN (6), KILL_AT (4) (seconds after the stream starts).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
if [ -z "${BELLSYS_SYSTEM_LOCKED:-}" ]; then
  BELLSYS_SYSTEM_LOCKED=1 exec flock /tmp/bellsys-system.lock "$0" "$@"
fi
: "${PG_DATA:?set PG_DATA to the data directory of a private PostgreSQL cluster}"
: "${BELLSYS_DB_PORT:?set BELLSYS_DB_PORT to the port of that cluster}"
[ "$BELLSYS_DB_PORT" != 5432 ] || { echo "refusing to stop the machine's PostgreSQL on 5432"; exit 2; }
PG_BIN="${PG_BIN:-/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -V | tail -1)/bin}"
PG_USER="${PG_USER:-postgres}"
DEVICES="${DEVICES:-1000}" MESSAGES="${MESSAGES:-300000}" PUBLISHERS="${PUBLISHERS:-8}" WINDOW="${WINDOW:-100}"
PG_STOP_AT="${PG_STOP_AT:-2}" PG_DOWN="${PG_DOWN:-6}" KILL_AT="${KILL_AT:-4}"
RUN="$(date +%s)$$"
export BELLSYS_RUN_DIR="$ROOT/target/faults-system/run"
export BELLSYS_DB_NAME="bellsys_faults_$RUN"
export BELLSYS_MQTT_TOPIC_PREFIX="faults-$RUN"
export BELLSYS_MQTT_PORT="${BELLSYS_MQTT_PORT:-1883}"
PSQL=(psql -h 127.0.0.1 -p "$BELLSYS_DB_PORT" -U postgres)
pg() { if [ "$(id -u)" = 0 ]; then su "$PG_USER" -c "$PG_BIN/pg_ctl -D $PG_DATA $*"; else "$PG_BIN/pg_ctl" -D "$PG_DATA" "$@"; fi; }
cd "$ROOT"

cleanup() {
  [[ -n "${GEN_PID:-}" ]] && kill "$GEN_PID" 2>/dev/null || true
  bin/stop >/dev/null 2>&1 || true
  pg status >/dev/null 2>&1 || pg "-o '-p $BELLSYS_DB_PORT' -l $PG_DATA/../faults.log start" >/dev/null 2>&1 || true
  "${PSQL[@]}" -qc "DROP DATABASE IF EXISTS $BELLSYS_DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
mkdir -p "$BELLSYS_RUN_DIR"
[ -f device-ingest-service/target/quarkus-app/quarkus-run.jar ] && [ -d device-ingest-service/target/test-classes/com/bellsystems/ingest/bench ] \
  || ./mvnw -B -q -ntp package -DskipTests
bin/start --no-build > "$BELLSYS_RUN_DIR/../start.log" 2>&1 || { cat "$BELLSYS_RUN_DIR/../start.log"; exit 1; }
echo "== system started by bin/start (broker on $BELLSYS_MQTT_PORT, Postgres on $BELLSYS_DB_PORT, database $BELLSYS_DB_NAME)"

# An account for the load generator, made with the service account (the plugin's administrator):
# it may publish under the run's topics only.
set -a; . "$BELLSYS_RUN_DIR/mqtt.env"; set +a
LOAD_PASSWORD="$(openssl rand -hex 12)"
ctrl() { mosquitto_ctrl -h 127.0.0.1 -p "$BELLSYS_MQTT_PORT" -u "$BELLSYS_MQTT_USERNAME" -P "$BELLSYS_MQTT_PASSWORD" dynsec "$@" 2>&1 | grep -v -e '^Warning' -e 'encryption' -e '^This means' -e '^$' || true; }
ctrl createRole "load-$RUN"
ctrl addRoleACL "load-$RUN" publishClientSend "$BELLSYS_MQTT_TOPIC_PREFIX/devices/#" allow
ctrl createClient "load-$RUN" -p "$LOAD_PASSWORD"
ctrl addClientRole "load-$RUN" "load-$RUN"

CP="device-ingest-service/target/test-classes:$(ls device-ingest-service/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
PIDF="$BELLSYS_RUN_DIR/pids/device-ingest-service.pid"
echo "== $DEVICES devices, $MESSAGES messages; Postgres stopped at +${PG_STOP_AT}s for ${PG_DOWN}s, service SIGKILL at +${KILL_AT}s"
java -cp "$CP" -Dhost=127.0.0.1 -Dport="$BELLSYS_MQTT_PORT" -Dprefix="$BELLSYS_MQTT_TOPIC_PREFIX" \
  -Dusername="load-$RUN" -Dpassword="$LOAD_PASSWORD" \
  -Djdbc="jdbc:postgresql://127.0.0.1:$BELLSYS_DB_PORT/$BELLSYS_DB_NAME?user=postgres" \
  -Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" -Dmode=ingest -Dtimeout=900 \
  com.bellsystems.ingest.bench.LoadGenerator 2>/dev/null | grep -v MqttClientImpl > "$BELLSYS_RUN_DIR/../generator.out" &
GEN_PID=$!
t0=$(date +%s.%N)
at() { sleep "$(awk -v t0="$t0" -v at="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + at - now; print (d > 0 ? d : 0) }')"; }
since() { awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }'; }
count() { "${PSQL[@]}" -d "$BELLSYS_DB_NAME" -Atc "SELECT count(*) FROM device_logs" 2>/dev/null || echo "?"; }

at "$PG_STOP_AT"
echo "+$(since)s: $(count) rows stored; stopping PostgreSQL"
pg "stop -m fast" >/dev/null
stopped=$(date +%s.%N)
at "$KILL_AT"
echo "+$(since)s: kill -9 device-ingest-service (pid $(cat "$PIDF"))"
kill -9 "$(cat "$PIDF")"
sleep "$(awk -v s="$stopped" -v d="$PG_DOWN" -v now="$(date +%s.%N)" 'BEGIN { r = s + d - now; print (r > 0 ? r : 0) }')"
pg "-o '-p $BELLSYS_DB_PORT' -l $PG_DATA/../faults.log start" >/dev/null
echo "+$(since)s: PostgreSQL started again after $(awk -v s="$stopped" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - s }') s down"
bin/start --no-build >> "$BELLSYS_RUN_DIR/../start.log" 2>&1
echo "+$(since)s: bin/start brought device-ingest-service back (ready)"

wait "$GEN_PID" || true
GEN_PID=
cat "$BELLSYS_RUN_DIR/../generator.out"
echo "broker: $(grep -c 'dropped' "$BELLSYS_RUN_DIR/logs/mosquitto.log" || true) 'dropped' lines in its log"
echo "service log about the faults:"
grep -hE "refused a batch|accepts device batches|session present" "$BELLSYS_RUN_DIR"/logs/device-ingest-service.log | sed 's/^/  /' | cut -c1-200 | head -20
