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
NAME=bench
source "$(dirname "$0")/lib.sh"

# shellcheck disable=SC2086
start_service ${SERVICE_JAVA_OPTS:-} -Dbellsys.ingest.batch-size="$BATCH_SIZE"
wait_ready
COMMON=(-Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" -Dsubscribers="$CONNECTIONS")

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
  generate "${COMMON[@]}" -Dmessages="$WARMUP" -Dmode=ingest 2>/dev/null | grep -E '^(ingest:|lost)' | sed 's/^/  warm-up /'
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -qc "TRUNCATE device_logs" >/dev/null
fi

before=$(cpu_snapshot)
GEN_PREFIX="ceiling-$RUN" generate "${COMMON[@]}" -Dmode=ceiling
mid=$(cpu_snapshot)
cpu_report "the ceiling run" "$before" "$mid"
generate "${COMMON[@]}" -Dmode=ingest
cpu_report "the ingest run" "$mid" "$(cpu_snapshot)"
echo "service: $(curl -fs "http://127.0.0.1:$HTTP_PORT/q/metrics" | grep -E '^bellsys_ingest_batch_seconds_(count|sum)' | tr '\n' ' ')"
