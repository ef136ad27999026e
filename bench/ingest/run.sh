#!/usr/bin/env bash
# Ingest benchmark: K simulated devices publish QoS 1 log lines through Mosquitto; the packaged
# device-ingest-service stores them in Postgres. For each device count (1,000 and 10,000) it prints,
# from one run:
#   - the broker's own ceiling (a subscriber that discards, as fast as the publishers go),
#   - max rate: every message published as fast as the windows allow; sustained msg/s from first
#     publish to last committed row and its ratio to the ceiling (latency there is queueing),
#   - fixed rate: load offered at RATE_FRACTION x that ceiling (open loop, each message stamped when
#     it was due); achieved msg/s, its ratio to the ceiling, p50/p99 publish -> row,
#   - lost and duplicated messages (both must be 0),
# then a summary table and the growth from the first device count to the last.
# Uses a private Mosquitto on BENCH_MQTT_PORT (so the shared broker on 1883 and other work are not
# disturbed, and so its in-flight window can be set) and a throw-away database on the local Postgres.
#
# Sizes (environment): DEVICES (K; default "1000 10000", one or more), MESSAGES (total, default 100000), PUBLISHERS
# (connections, default 8), WINDOW (unacked publishes per connection, default 100), CONNECTIONS (the
# service's MQTT connections = the ceiling's subscribers, default 4), BROKER_INFLIGHT (Mosquitto
# max_inflight_messages, default 1000), BATCH_SIZE (default 1000), WARMUP (messages sent through the
# service before measuring, default 50000), RATE_FRACTION (default 0.85), RATE_MESSAGES (messages of
# the fixed-rate run, default 300000), BENCH_MQTT_PORT (default 18830), SERVICE_JAVA_OPTS.
# publish -> row is measured to the row's received_at, i.e. the start of its transaction; the batch
# time (bellsys_ingest_batch_seconds, printed) is what the commit adds at most.
# Quick run: DEVICES=200 MESSAGES=20000 RATE_MESSAGES=20000 bench/ingest/run.sh
set -euo pipefail

DEVICES_LIST="${DEVICES:-1000 10000}"
RATE_FRACTION="${RATE_FRACTION:-0.85}"
RATE_MESSAGES="${RATE_MESSAGES:-300000}"
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

metric() { curl -fs "http://127.0.0.1:$HTTP_PORT/q/metrics" | awk -v m="$1" '{ split($1, n, "{") } n[1] == m { print $2; exit }'; }
field() { # regex line -> the number after it
  awk -v re="$1" 'match($0, re) { s = substr($0, RSTART + RLENGTH); sub(/[^0-9.].*/, "", s); print s; exit }'
}
SUMMARY=()
for DEVICES in $DEVICES_LIST; do
COMMON=(-Ddevices="$DEVICES" -Dmessages="$MESSAGES" -Dpublishers="$PUBLISHERS" -Dwindow="$WINDOW" -Dsubscribers="$CONNECTIONS")
echo "== $DEVICES devices, $MESSAGES messages, $PUBLISHERS publisher connections x window $WINDOW;" \
     "service: $CONNECTIONS MQTT connections, batch $BATCH_SIZE; broker max_inflight_messages $BROKER_INFLIGHT; $(nproc) cores;" \
     "load average $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M) UTC"
if (( WARMUP > 0 )) && [[ -z "${warmed:-}" ]]; then
  warmed=1
  # A service runs for days: let the JIT compile the hot path first (it costs several CPU seconds,
  # which would otherwise be charged to the measured run), then start from an empty table.
  echo "warm-up: $WARMUP messages through the service (not measured)"
  generate "${COMMON[@]}" -Dmessages="$WARMUP" -Dmode=ingest 2>/dev/null | grep -E '^(ingest:|lost)' | sed 's/^/  warm-up /'
  psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -qc "TRUNCATE device_logs" >/dev/null
fi

before=$(cpu_snapshot)
GEN_PREFIX="ceiling-$RUN-$DEVICES" generate "${COMMON[@]}" -Dmode=ceiling 2>/dev/null | tee "$WORK/ceiling.out"
ceiling=$(field 'delivered to a discarding subscriber in [0-9.]+ s = ' <"$WORK/ceiling.out")
mid=$(cpu_snapshot)
cpu_report "the ceiling run" "$before" "$mid"

echo "max rate (every message at once):"
generate "${COMMON[@]}" -Dmode=ingest 2>/dev/null | tee "$WORK/max.out" | sed 's/^/  /'
after=$(cpu_snapshot)
cpu_report "the max-rate run" "$mid" "$after"
max_rate=$(awk '/rows committed in/ { for (i = 1; i <= NF; i++) if ($i == "=") { print $(i + 1); exit } }' "$WORK/max.out")
max_p99=$(field 'p99 ' <"$WORK/max.out")
max_lost=$(awk '/^lost:/ { gsub(",", ""); print $2 "/" $4 }' "$WORK/max.out")
awk -v r="$max_rate" -v c="$ceiling" 'BEGIN { printf "  max rate / ceiling: %.0f / %.0f = %.2f\n", r, c, r / c }'
psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -qc "TRUNCATE device_logs" >/dev/null

rate=$(awk -v c="$ceiling" -v f="$RATE_FRACTION" 'BEGIN { printf "%.0f", c * f }')
echo "fixed rate: $RATE_MESSAGES messages offered at $RATE_FRACTION x ceiling = $rate msg/s:"
batches0="$(metric bellsys_ingest_batch_seconds_count) $(metric bellsys_ingest_batch_seconds_sum)"
generate "${COMMON[@]}" -Dmessages="$RATE_MESSAGES" -Drate="$rate" -Dmode=ingest 2>/dev/null | tee "$WORK/rate.out" | sed 's/^/  /'
cpu_report "the fixed-rate run" "$after" "$(cpu_snapshot)"
rate_rate=$(awk '/rows committed in/ { for (i = 1; i <= NF; i++) if ($i == "=") { print $(i + 1); exit } }' "$WORK/rate.out")
rate_p50=$(field 'p50 ' <"$WORK/rate.out")
rate_p99=$(field 'p99 ' <"$WORK/rate.out")
rate_lost=$(awk '/^lost:/ { gsub(",", ""); print $2 "/" $4 }' "$WORK/rate.out")
read -r bc0 bs0 <<<"$batches0"
read -r bc1 bs1 <<<"$(metric bellsys_ingest_batch_seconds_count) $(metric bellsys_ingest_batch_seconds_sum)"
awk -v n0="$bc0" -v s0="$bs0" -v n1="$bc1" -v s1="$bs1" -v mx="$(metric bellsys_ingest_batch_seconds_max)" -v r="$rate_rate" -v c="$ceiling" 'BEGIN {
  printf "  achieved / ceiling: %.0f / %.0f = %.2f; batches: %d, mean %.1f ms, max %.1f ms (the commit comes after received_at)\n",
    r, c, r / c, n1 - n0, (n1 > n0 ? (s1 - s0) / (n1 - n0) * 1000 : 0), mx * 1000 }'
psql -h "$PGHOST" -p "$PGPORT" -U postgres -d "$DB" -qc "TRUNCATE device_logs" >/dev/null
SUMMARY+=("$DEVICES $ceiling $max_rate $max_p99 $max_lost $rate $rate_rate $rate_p50 $rate_p99 $rate_lost")
done

echo "== summary (msg/s; ms publish -> row; lost/duplicated)"
printf '%s\n' "${SUMMARY[@]}" | awk '
  BEGIN { printf "  %7s %8s | %8s %5s %8s %7s | %8s %8s %5s %7s %7s %7s\n", "devices", "ceiling", "max", "ratio", "p99", "lost", "offered", "achieved", "ratio", "p50", "p99", "lost" }
  { printf "  %7d %8.0f | %8.0f %5.2f %8.1f %7s | %8.0f %8.0f %5.2f %7.1f %7.1f %7s\n", $1, $2, $3, $3 / $2, $4, $5, $6, $7, $7 / $2, $8, $9, $10
    d[NR] = $1; c[NR] = $2; m[NR] = $3; a[NR] = $7; p[NR] = $9 }
  END { if (NR > 1) printf "  growth %d -> %d devices: ceiling x%.2f, max rate x%.2f (ratio %.2f -> %.2f), fixed-rate p99 %.1f -> %.1f ms (x%.2f)\n",
      d[1], d[NR], c[NR] / c[1], m[NR] / m[1], m[1] / c[1], m[NR] / c[NR], p[1], p[NR], (p[1] > 0 ? p[NR] / p[1] : 0) }'
