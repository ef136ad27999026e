#!/usr/bin/env bash
# Ingest under faults: while K simulated devices stream QoS 1 log lines through a private Mosquitto,
#   1. the local PostgreSQL server is restarted (pg_ctlcluster ... restart -m fast), then
#   2. the device-ingest-service is killed with SIGKILL and started again,
# and the run checks that every message ends up stored exactly once. Prints the same summary
# lines as run.sh (lost and duplicated must both be 0) and what the service logged about the faults.
#
# It restarts the machine's shared PostgreSQL: run it by hand, never beside other work (not in CI).
# faults-system.sh does the same against the system as bin/start starts it, on a private cluster.
# Sizes (environment): DEVICES (default 1000), MESSAGES (default 300000), PUBLISHERS (8), WINDOW (100),
# CONNECTIONS (4), BROKER_INFLIGHT (1000), PG_RESTART_AT / KILL_AT (seconds after the stream starts,
# default 2 and 6), BENCH_MQTT_PORT (18831), BENCH_HTTP_PORT (18084).
set -euo pipefail

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
PG_VERSION="$(ls /etc/postgresql | head -1)"
NAME=faults
source "$(dirname "$0")/lib.sh"

start_service
wait_ready

echo "== $DEVICES devices, $MESSAGES messages; Postgres restart at +${PG_RESTART_AT}s, service SIGKILL at +${KILL_AT}s"
generate -Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" \
  -Dmode=ingest -Dtimeout=600 2>/dev/null | grep -v MqttClientImpl >"$WORK/generator.out" &
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
