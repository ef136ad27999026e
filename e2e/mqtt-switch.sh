#!/usr/bin/env bash
# Phase 5 of docs/cutover.md on a live stream: the device stream moves from the old backend (SQLite)
# to device-ingest-service (Postgres) with no message lost and none stored twice.
#   devices publish QoS 1 throughout (e2e/devices.py) -> the old backend's consumer (stand-in,
#   e2e/legacy_consumer.py) alone in the shared group writes SQLite; legacy commands are sent and
#   acknowledged -> catch-up while it writes (migration-service CLI) -> device-ingest-service joins
#   the same group: both consume, the broker gives each message to one -> the old consumer leaves
#   (unsubscribe, drain, disconnect) -> final catch-up of heartbeats, device_logs and commands ->
#   every acknowledged message is in Postgres exactly once; legacy rows keep their SQLite ids.
# Runs on its own broker (deploy/mosquitto config, free port), database and HTTP port, so it never
# touches a running system. Needs the packaged jars (mvn package). Prints the measured numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
ROOT=$PWD
RUNID=$(date +%s)-$$
WORK=$ROOT/target/mqtt-switch
rm -rf "$WORK"; mkdir -p "$WORK/run"
export BELLSYS_RUN_DIR=$WORK/run
DB=bellsys_mqtt_switch_${RUNID//-/_}
PREFIX=switch-$RUNID GROUP=switch-$RUNID
LEGACY=$WORK/legacy.db
PY=/usr/bin/python3 # Debian's python3 with python3-paho-mqtt, whatever python3 is first on PATH
PSQL=(psql -X -q -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1)
RATE=${SWITCH_RATE:-25} # messages per second per device
SERIALS="SN-SW-01 SN-SW-02 SN-SW-03 SN-SW-04"
pids=()

fail() { log "mqtt-switch: FAIL: $*"; exit 1; }
say() { printf '[mqtt-switch] %s\n' "$*" | tee -a "$WORK/report.txt" >&2; }
t0=$(date +%s.%N)
at() { python3 -c "import sys; print(f'{float(sys.argv[1]) - float(sys.argv[2]):.1f}')" "$(date +%s.%N)" "$t0"; }

cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break; sleep 0.2
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [ -f "$BELLSYS_RUN_DIR/pids/mosquitto.pid" ] && kill "$(cat "$BELLSYS_RUN_DIR/pids/mosquitto.pid")" 2>/dev/null || true
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [ $rc -ne 0 ]; then
    for f in "$WORK"/*.log "$BELLSYS_RUN_DIR"/logs/*.log; do [ -f "$f" ] && { echo "---- $f (tail)"; tail -25 "$f"; } >&2; done
  fi
  exit $rc
}
trap cleanup EXIT

ensure_tools
ensure_postgres
command -v sqlite3 >/dev/null || apt_install sqlite3
$PY -c 'import paho.mqtt' 2>/dev/null || apt_install python3-paho-mqtt
for m in device-ingest-service migration-service; do
  [ -f $m/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests -pl $m -am
done

# ---------------------------------------------------------------- broker, database, legacy file
BELLSYS_MQTT_PORT=$(free_port) ensure_mosquitto # our config, state and pid under $WORK/run
PORT=$BELLSYS_MQTT_PORT
ctrl() { mosquitto_ctrl -h 127.0.0.1 -p "$PORT" -u "$BELLSYS_MQTT_USERNAME" -P "$BELLSYS_MQTT_PASSWORD" dynsec "$@" >/dev/null; }
ctrl createRole switch-devices
ctrl addRoleACL switch-devices publishClientSend "$PREFIX/devices/#" allow 1
# The old backend logs in with an account of its own: device-ingest's first start gives its own
# account a role, and the broker then disconnects every client logged in with that account.
LEGACY_USER=legacy-backend LEGACY_PASSWORD=$(openssl rand -hex 12)
ctrl createRole legacy-backend
ctrl addRoleACL legacy-backend subscribePattern "\$share/$GROUP/$PREFIX/devices/#" allow 1
ctrl addRoleACL legacy-backend publishClientReceive "$PREFIX/devices/#" allow 1
ctrl createClient "$LEGACY_USER" -p "$LEGACY_PASSWORD"
ctrl addClientRole "$LEGACY_USER" legacy-backend
DEVICES=()
for s in $SERIALS; do
  pw=$(openssl rand -hex 12)
  ctrl createClient "$s" -p "$pw"
  ctrl addClientRole "$s" switch-devices
  DEVICES+=("$s:$pw")
done
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"
python3 deploy/demo/make_legacy_sqlite.py "$LEGACY" --rows 0 --device-logs 0 >/dev/null
lite() { sqlite3 -cmd ".timeout 10000" "$LEGACY" "$@"; } # waits for the old backend's write lock

export BELLSYS_DB_NAME=$DB BELLSYS_MQTT_TOPIC_PREFIX=$PREFIX BELLSYS_INGEST_SHARED_GROUP=$GROUP
export BELLSYS_MIGRATION_SQLITE_PATH=$LEGACY
export BELLSYS_JWT_PUBLIC_KEY_LOCATION=$ROOT/common-test/src/main/resources/bellsys-test-keys/jwt-public.pem
migrate() { # job...: the migration-service CLI, as the operator runs it
  local j
  for j in "$@"; do
    java -jar migration-service/target/quarkus-app/quarkus-run.jar migrate "$j" > "$WORK/migrate-$j.log" 2>&1 \
      || { tail -20 "$WORK/migrate-$j.log" >&2; return 1; }
    grep -h "new row(s)" "$WORK/migrate-$j.log" | tail -1
  done
}

# ---------------------------------------------------------------- 1. the old backend alone in the group
say "broker 127.0.0.1:$PORT (deploy/mosquitto config), topic prefix $PREFIX, shared group $GROUP, database $DB"
$PY e2e/legacy_consumer.py --port "$PORT" --user "$LEGACY_USER" --password "$LEGACY_PASSWORD" \
  --prefix "$PREFIX" --group "$GROUP" --sqlite "$LEGACY" > "$WORK/legacy-consumer.json" 2> "$WORK/legacy-consumer.log" &
LEGACY_PID=$!; pids+=($LEGACY_PID)
for _ in $(seq 1 100); do grep -q subscribed "$WORK/legacy-consumer.log" && break; sleep 0.1; done
grep -q subscribed "$WORK/legacy-consumer.log" || fail "the old backend's consumer did not subscribe"
$PY e2e/devices.py --port "$PORT" --prefix "$PREFIX" --out "$WORK/published.txt" --rate "$RATE" "${DEVICES[@]}" \
  > "$WORK/devices.json" 2> "$WORK/devices.log" &
DEVICES_PID=$!; pids+=($DEVICES_PID)
say "$(at) s: ${#DEVICES[@]} devices publishing a log line or a heartbeat each, $RATE msg/s per device, QoS 1"

# The old backend sends commands (its API still serves the devices domain) and the devices ack them.
legacy_command() { # serial name: a command row as the old backend's API writes it (ids 1, 2, ...)
  lite "INSERT INTO commands (device_serial, command_name, params, status, sent_by, created_at, sent_at)
    VALUES ('$1', '$2', '{}', 'sent', 'staff-1', datetime('now'), datetime('now'))"
}
for i in 1 2 3; do legacy_command "SN-SW-0$i" ring; done
ack() { # serial command_id
  local pw; pw=$(printf '%s\n' "${DEVICES[@]}" | sed -n "s/^$1://p")
  mosquitto_pub -h 127.0.0.1 -p "$PORT" -u "$1" -P "$pw" -q 1 -t "$PREFIX/devices/$1/commands/ack" \
    -m "{\"command_id\": $2, \"status\": \"ok\", \"response\": {\"rang\": 1}}"
}
for i in 1 2 3; do ack "SN-SW-0$i" "$i"; done
sleep 3

# ---------------------------------------------------------------- 2. catch-up while the old backend writes
say "$(at) s: catch-up while the old backend writes: $(migrate heartbeats device_logs commands | tr '\n' ';')"
legacy_command SN-SW-04 self_test; legacy_command SN-SW-04 self_test
ack SN-SW-04 4; ack SN-SW-04 5
sleep 1
[ "$(lite "SELECT count(*) FROM commands WHERE status = 'acked'")" = 5 ] || fail "the old backend did not record the 5 command acks"

# ---------------------------------------------------------------- 3. device-ingest-service joins the group
INGEST_PORT=$(free_port)
switch_start=$(date +%s.%N)
BELLSYS_HTTP_PORT=$INGEST_PORT BELLSYS_MQTT_CLIENT_ID=switch-ingest-$RUNID \
  java -Xmx384m -jar device-ingest-service/target/quarkus-app/quarkus-run.jar > "$WORK/device-ingest.log" 2>&1 &
INGEST_PID=$!; pids+=($INGEST_PID)
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$INGEST_PORT/q/health/ready" >/dev/null 2>&1 && break
  kill -0 $INGEST_PID 2>/dev/null || fail "device-ingest-service died"
  sleep 0.2
done
curl -fs "http://127.0.0.1:$INGEST_PORT/q/health/ready" >/dev/null || fail "device-ingest-service not ready"
joined=$(date +%s.%N)
say "$(at) s: device-ingest-service ready in the same group; both consume"
legacy_rows() { lite "SELECT (SELECT count(*) FROM device_logs) + (SELECT count(*) FROM heartbeats)"; }
ingest_rows() { "${PSQL[@]}" -d "$DB" -Atc "SELECT (SELECT count(*) FROM device_logs WHERE id >= 1000000000000) + (SELECT count(*) FROM heartbeats WHERE id >= 1000000000000)"; }
l0=$(legacy_rows) i0=$(ingest_rows)
sleep "${SWITCH_BOTH_SECONDS:-8}"
l1=$(legacy_rows) i1=$(ingest_rows)
say "$(at) s: while both were in the group ($(python3 -c "print(f'{$(date +%s.%N) - $joined:.1f}')") s): old backend stored $((l1 - l0)), device-ingest $((i1 - i0))"
[ $((l1 - l0)) -gt 0 ] && [ $((i1 - i0)) -gt 0 ] || fail "both consumers must be live during the switch"

# ---------------------------------------------------------------- 4. the old backend leaves
kill -TERM $LEGACY_PID
wait $LEGACY_PID || fail "the old backend's consumer did not leave cleanly"
say "$(at) s: old backend left: unsubscribed, drained, disconnected: $(cat "$WORK/legacy-consumer.json")"
sleep 3

# ---------------------------------------------------------------- 5. final catch-up (devices still publishing)
final_start=$(date +%s.%N)
say "$(at) s: final catch-up: $(migrate heartbeats device_logs commands | tr '\n' ';')"
final_s=$(python3 -c "print(f'{$(date +%s.%N) - $final_start:.1f}')")
sleep 2
kill -TERM $DEVICES_PID
wait $DEVICES_PID || fail "devices: messages without PUBACK ($(cat "$WORK/devices.json"))"
say "$(at) s: devices stopped: $(cat "$WORK/devices.json")"
published=$(wc -l < "$WORK/published.txt")
# device-ingest commits what it still holds
for _ in $(seq 1 100); do
  n=$("${PSQL[@]}" -d "$DB" -Atc "SELECT (SELECT count(*) FROM device_logs) + (SELECT count(*) FROM heartbeats)")
  [ "$n" -ge "$published" ] && break; sleep 0.2
done
sleep 1

# ---------------------------------------------------------------- 6. exactly once
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE switch_published (kind text, serial text, seq int, ts bigint)"
"${PSQL[@]}" -d "$DB" -c "\\copy switch_published FROM '$WORK/published.txt' WITH (DELIMITER ' ')"
"${PSQL[@]}" -d "$DB" -Atc "
  WITH stored AS (
    SELECT 'log' AS kind, device_serial AS serial, split_part(message, ' ', 3)::int AS seq, id FROM device_logs
    UNION ALL
    SELECT 'heartbeat', device_serial, (payload->>'seq')::int, id FROM heartbeats),
  per AS (SELECT p.kind, p.serial, p.seq, count(s.id) AS n, min(s.id) AS id
          FROM switch_published p LEFT JOIN stored s USING (kind, serial, seq) GROUP BY 1, 2, 3)
  SELECT count(*), count(*) FILTER (WHERE n = 0), count(*) FILTER (WHERE n > 1),
         count(*) FILTER (WHERE n = 1 AND id < 1000000000000), count(*) FILTER (WHERE n = 1 AND id >= 1000000000000),
         (SELECT count(*) FROM stored s WHERE NOT EXISTS (SELECT 1 FROM switch_published p WHERE (p.kind, p.serial, p.seq) = (s.kind, s.serial, s.seq)))
  FROM per" > "$WORK/result.txt"
read -r total lost dup via_legacy via_ingest extra < <(tr '|' ' ' < "$WORK/result.txt")
if [ "$lost$dup" != 00 ]; then # when, relative to the start, the lost or doubled messages were published
  "${PSQL[@]}" -d "$DB" -Atc "
    WITH stored AS (SELECT 'log' AS kind, device_serial AS serial, split_part(message, ' ', 3)::int AS seq FROM device_logs
                    UNION ALL SELECT 'heartbeat', device_serial, (payload->>'seq')::int FROM heartbeats)
    SELECT 'published at ' || round((p.ts / 1000.0 - $t0)::numeric, 1) || ' s: ' || p.kind || ' ' || p.serial || ' ' || p.seq || ' stored ' || count(s.seq) || 'x'
    FROM switch_published p LEFT JOIN stored s USING (kind, serial, seq) GROUP BY p.kind, p.serial, p.seq, p.ts
    HAVING count(s.seq) <> 1 ORDER BY p.ts LIMIT 60" >&2
  say "events: device-ingest ready at $(python3 -c "print(f'{$joined - $t0:.1f}')") s, old backend unsubscribed at $(python3 -c "import json; print(f'{json.load(open(\"$WORK/legacy-consumer.json\"))[\"left_at\"] - $t0:.1f}')") s"
fi
say "published and acknowledged: $total messages; in Postgres exactly once: $((total - lost - dup)) ($via_legacy through the old backend + catch-up, $via_ingest through device-ingest); lost $lost, duplicated $dup, rows no device published $extra"
[ "$total" = "$published" ] || fail "published list and the check disagree ($total vs $published)"
[ "$lost" = 0 ] && [ "$dup" = 0 ] && [ "$extra" = 0 ] || fail "lost $lost, duplicated $dup, extra $extra"
[ "$via_legacy" -gt 0 ] && [ "$via_ingest" -gt 0 ] || fail "each side must have stored some"

# legacy rows keep their SQLite ids and content
lite -separator '|' "SELECT id, device_serial, message FROM device_logs" > "$WORK/legacy-logs.txt"
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE switch_legacy_logs (id bigint, serial text, message text)"
"${PSQL[@]}" -d "$DB" -c "\\copy switch_legacy_logs FROM '$WORK/legacy-logs.txt' WITH (DELIMITER '|')"
same_ids=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM switch_legacy_logs l JOIN device_logs d ON d.id = l.id AND d.device_serial = l.serial AND d.message = l.message")
legacy_logs=$(lite "SELECT count(*) FROM device_logs")
legacy_n=$(lite "SELECT (SELECT count(*) FROM device_logs) + (SELECT count(*) FROM heartbeats)")
[ "$same_ids" = "$legacy_logs" ] || fail "legacy device_logs under their SQLite ids: $same_ids of $legacy_logs"
hb_ids=$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM heartbeats WHERE id < 1000000000000")
[ "$hb_ids" = "$(lite "SELECT count(*) FROM heartbeats")" ] || fail "legacy heartbeats: $hb_ids in Postgres"
[ "$("${PSQL[@]}" -d "$DB" -Atc "SELECT count(*) FROM commands WHERE id BETWEEN 1 AND 5 AND status = 'acked'")" = 5 ] \
  || fail "the 5 legacy commands, acked, under their ids"
say "legacy rows keep their SQLite ids: $legacy_logs device_logs (id and message equal), $hb_ids heartbeats, 5 acked commands (ids 1-5); $legacy_n legacy rows in all"
say "final catch-up took $final_s s; whole test $(at) s"
echo "mqtt-switch: ok (published $total, lost $lost, duplicated $dup; old backend $via_legacy, device-ingest $via_ingest)"
