# Shared by bench/ingest/run.sh, faults.sh and replicas.sh (sourced): a private Mosquitto, a
# throw-away database and the packaged device-ingest-service. The caller sets MQTT_PORT, HTTP_PORT,
# BROKER_INFLIGHT, CONNECTIONS and NAME (prefix of the run's database, topics and client ids) before
# sourcing; BROKER_CONF=deploy runs the broker on deploy/mosquitto/conf.d/bellsys.conf (persistence,
# queue and window as deployed; only anonymous access is allowed, since the run has no accounts).
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODULE="$ROOT/device-ingest-service"
PGHOST="${BELLSYS_DB_HOST:-127.0.0.1}"
PGPORT="${BELLSYS_DB_PORT:-5432}"
RUN="$(date +%s)$$"
DB="bellsys_${NAME}_$RUN"
PREFIX="$NAME-$RUN"
WORK="$(mktemp -d)"
# (empty before the first build: under the callers' pipefail a failing ls must not end the script here)
CP="$MODULE/target/test-classes:$({ ls "$MODULE"/target/quarkus-app/lib/main/*.jar 2>/dev/null || true; } | tr '\n' ':')"

cleanup() {
  [[ -n "${APP_PID:-}" ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  local pid
  for pid in ${APP_PIDS:-}; do kill -9 "$pid" 2>/dev/null || true; done
  [[ -n "${GEN_PID:-}" ]] && kill "$GEN_PID" 2>/dev/null || true
  [[ -n "${BROKER_PID:-}" ]] && kill "$BROKER_PID" 2>/dev/null && wait "$BROKER_PID" 2>/dev/null || true
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -f "$MODULE/target/quarkus-app/quarkus-run.jar" || ! -d "$MODULE/target/test-classes/com/bellsystems/ingest/bench" ]]; then
  echo "building device-ingest-service (tests skipped) ..."
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl device-ingest-service -am package -DskipTests)
  CP="$MODULE/target/test-classes:$(ls "$MODULE"/target/quarkus-app/lib/main/*.jar | tr '\n' ':')"
fi

if [[ "${BROKER_CONF:-}" == deploy ]]; then
  { echo "listener $MQTT_PORT 127.0.0.1"; echo "persistence_location $WORK/"
    sed -e 's/^allow_anonymous false/allow_anonymous true/' "$ROOT/deploy/mosquitto/conf.d/bellsys.conf"; } > "$WORK/mosquitto.conf"
  BROKER_INFLIGHT="$(awk '$1 == "max_inflight_messages" { print $2 }' "$WORK/mosquitto.conf")"
else
# No persistence (the broker is not restarted), unlimited queue (nothing dropped), a large window.
cat > "$WORK/mosquitto.conf" <<CONF
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
persistence false
max_inflight_messages $BROKER_INFLIGHT
max_queued_messages 0
CONF
fi
mosquitto -c "$WORK/mosquitto.conf" >"$WORK/mosquitto.log" 2>&1 &
BROKER_PID=$!
sleep 0.5

psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" >/dev/null
# the service only verifies tokens; the benchmark sends none, any public key will do
cp "$ROOT/common-test/src/main/resources/bellsys-test-keys/jwt-public.pem" "$WORK/jwt-public.pem"

# Starts the packaged service in the background (APP_PID); extra arguments go to the JVM. With
# REPLICA=<name> set: client id <prefix>-ingest-<name>, log service-<name>.log.
start_service() {
  BELLSYS_DB_NAME="$DB" BELLSYS_MQTT_PORT="$MQTT_PORT" BELLSYS_MQTT_TOPIC_PREFIX="$PREFIX" \
  BELLSYS_MQTT_CLIENT_ID="$PREFIX-ingest${REPLICA:+-$REPLICA}" BELLSYS_HTTP_PORT="$HTTP_PORT" \
  BELLSYS_INGEST_CONNECTIONS="$CONNECTIONS" BELLSYS_INGEST_BROKER_INFLIGHT="$BROKER_INFLIGHT" \
  BELLSYS_JWT_PUBLIC_KEY_LOCATION="$WORK/jwt-public.pem" \
  java "$@" -jar "$MODULE/target/quarkus-app/quarkus-run.jar" >>"$WORK/service${REPLICA:+-$REPLICA}.log" 2>&1 &
  APP_PID=$!
}

wait_ready() {
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$HTTP_PORT/q/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$APP_PID" 2>/dev/null || { cat "$WORK/service${REPLICA:+-$REPLICA}.log"; return 1; }
    sleep 0.25
  done
  echo "service not ready"; tail -50 "$WORK/service${REPLICA:+-$REPLICA}.log"; return 1
}

# Runs the load generator (LoadGenerator.java) against the run's broker and database, on the run's topics
# (GEN_PREFIX overrides them); extra -D arguments.
generate() {
  java -cp "$CP" -Dhost=127.0.0.1 -Dport="$MQTT_PORT" -Dprefix="${GEN_PREFIX:-$PREFIX}" \
    -Djdbc="jdbc:postgresql://$PGHOST:$PGPORT/$DB?user=postgres" "$@" com.bellsystems.ingest.bench.LoadGenerator
}
