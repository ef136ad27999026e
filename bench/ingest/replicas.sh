#!/usr/bin/env bash
# Two replicas of device-ingest-service in one shared subscription group, on a private Mosquitto
# running deploy/mosquitto's settings (persistent sessions, queue, window), while DEVICES simulated
# devices publish MESSAGES QoS 1 log lines at RATE msg/s:
#   1. replica a is killed with SIGKILL (KILL_AT s after the stream starts); the group keeps routing
#      half the stream to a's offline sessions, where it waits;
#   2. replica a is started again with the same client id (RESTART_AT) and gets that backlog;
#   3. replica b leaves for good (LEAVE_AT): SIGTERM with BELLSYS_INGEST_DRAIN_ON_SHUTDOWN=$DRAIN, so it
#      leaves the group, stores what its sessions still hold, then exits; it is not started again.
# Every message must be stored exactly once: the generator prints lost and duplicated (both 0).
# DRAIN=false shows what the drain is for: b's share queued at its exit is never stored.
#
# Sizes (environment): DEVICES (1000), MESSAGES (300000), RATE (15000), PUBLISHERS (8), WINDOW (100),
# CONNECTIONS (4 per replica), KILL_AT (3), RESTART_AT (7), LEAVE_AT (13), DRAIN (true),
# BENCH_MQTT_PORT (18832), BENCH_HTTP_PORT (18086; replica b uses the next port).
# It times nothing, but runs two services and a load: hold the bench lock like a benchmark.
set -euo pipefail

DEVICES="${DEVICES:-1000}"
MESSAGES="${MESSAGES:-300000}"
RATE="${RATE:-15000}"
PUBLISHERS="${PUBLISHERS:-8}"
WINDOW="${WINDOW:-100}"
CONNECTIONS="${CONNECTIONS:-4}"
KILL_AT="${KILL_AT:-3}"
RESTART_AT="${RESTART_AT:-7}"
LEAVE_AT="${LEAVE_AT:-13}"
DRAIN="${DRAIN:-true}"
MQTT_PORT="${BENCH_MQTT_PORT:-18832}"
PORT_A="${BENCH_HTTP_PORT:-18086}"
PORT_B=$((PORT_A + 1))
BROKER_CONF=deploy
NAME=replicas
source "$(dirname "$0")/lib.sh"

export BELLSYS_INGEST_DRAIN_ON_SHUTDOWN="$DRAIN"
start_replica() { # name http-port; sets <name>_PID
  REPLICA="$1" HTTP_PORT="$2" start_service
  printf -v "${1}_PID" '%s' "$APP_PID"
  APP_PIDS="${a_PID:-} ${b_PID:-}"
  REPLICA="$1" HTTP_PORT="$2" wait_ready
  APP_PID= # both are in APP_PIDS for the clean-up
}
rows() { psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -Atc "SELECT count(*) FROM device_logs"; }
elapsed() { awk -v t0="$t0" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - t0 }'; }
at() { sleep "$(awk -v t0="$t0" -v at="$1" -v now="$(date +%s.%N)" 'BEGIN { d = t0 + at - now; print (d > 0 ? d : 0) }')"; }

start_replica a "$PORT_A"
start_replica b "$PORT_B"
echo "== two replicas (a, b) x $CONNECTIONS sessions in one shared group; broker: deploy/mosquitto settings" \
     "(max_inflight_messages $BROKER_INFLIGHT); $DEVICES devices, $MESSAGES messages at $RATE msg/s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
generate -Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" -Drate="$RATE" \
  -Dmode=ingest -Dtimeout=300 -Dsettle=20 2>/dev/null | grep -v MqttClientImpl >"$WORK/generator.out" &
GEN_PID=$!
t0=$(date +%s.%N)

at "$KILL_AT"
echo "+$(elapsed)s: $(rows) rows stored; kill -9 replica a"
kill -9 "$a_PID"; wait "$a_PID" 2>/dev/null || true

at "$RESTART_AT"
echo "+$(elapsed)s: $(rows) rows stored; replica a starts again with the same client id"
start_replica a "$PORT_A"
echo "  a ready at +$(elapsed)s: $(grep -c 'session present: true' "$WORK/service-a.log") of its $CONNECTIONS sessions were kept by the broker"

at "$LEAVE_AT"
echo "+$(elapsed)s: $(rows) rows stored; replica b leaves for good (SIGTERM, drain on shutdown: $DRAIN)"
kill -TERM "$b_PID"; wait "$b_PID" 2>/dev/null || true
echo "  b exited at +$(elapsed)s: $(grep -h -o -E '(Left the shared group|Drain of the MQTT sessions).*' "$WORK/service-b.log" || echo 'no drain')"

wait "$GEN_PID" || true
GEN_PID=
sed 's/^/  /' "$WORK/generator.out"
dropped=$(grep -c -i 'dropped' "$WORK/mosquitto.log" || true)
echo "broker log lines about dropped messages: $dropped"
lost=$(awk -F'[:,] *' '/^lost:/ { print $2 }' "$WORK/generator.out")
dup=$(awk -F'[:,] *' '/^lost:/ { print $4 }' "$WORK/generator.out")
if [[ "$lost" == 0 && "$dup" == 0 ]]; then echo "RESULT: 0 lost, 0 duplicated"; else echo "RESULT: lost $lost, duplicated $dup"; exit 1; fi
