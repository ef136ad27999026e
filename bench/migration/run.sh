#!/usr/bin/env bash
# Benchmark: legacy SQLite device_logs -> partitioned Postgres device_logs, three ways, same rows,
# same machine, a fresh database each:
#   1. the migration-service device_logs job (CLI mode of the service jar, -Xmx512m)
#   2. pgloader (Debian package) loading the same file into the same partitioned table
#   3. a plain COPY (psql \copy) of the same rows from a ready CSV
# Prints rows/s of all three, the job's ratio to each anchor from the same run and the job's peak heap;
# given several sizes, also how the job's rate and heap grow from the smallest to the largest.
# Usage: bench/migration/run.sh [rows ...] (default 2000000), e.g. bench/migration/run.sh 2000000 10000000 50000000
# Env: GENERATE_ONLY=1 only makes the legacy files (not a measurement: no need for an idle machine),
#      PGHOST/PGPORT/PGUSER (default 127.0.0.1/5432/postgres), JAR (default migration-service/target/quarkus-app/quarkus-run.jar)
set -euo pipefail
SIZES=("${@:-2000000}")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-$ROOT/bench/migration/out}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
JAR=${JAR:-$ROOT/migration-service/target/quarkus-app/quarkus-run.jar}
# The anchors load into the schema the job's database gets: every Flyway migration, in version order
# (V1 is the Alembic baseline; the partition functions and indexes come later).
SCHEMA_FILES=$(ls "$ROOT"/common/src/main/resources/db/migration/V*.sql | sort -V)
apply_schema() { for f in $SCHEMA_FILES; do psql -q -d "$1" -v ON_ERROR_STOP=1 -f "$f" >/dev/null; done; }
mkdir -p "$WORK"
SUMMARY=$WORK/summary.txt
: > "$SUMMARY"

command -v pgloader >/dev/null || { echo "installing pgloader"; apt-get install -y pgloader >/dev/null; }
if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -ntp -q -pl migration-service -am package -DskipTests)
fi

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%d", n / s }'; }
fresh_db() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"
}
fingerprint() {
  psql -tA -d "$1" -c "SELECT count(*), sum(id), sum(extract(epoch FROM received_at)::bigint), sum(length(message)) FROM device_logs"
}

LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
run_size() {
  local ROWS=$1 DB_FILE=$WORK/legacy-$1.db
  # ---- the legacy file: N rows over ~6 months, times as the old backend wrote them (naive UTC text)
  if [ ! -f "$DB_FILE" ]; then
    echo "generating $ROWS device_logs rows in $DB_FILE"
    rm -f "$DB_FILE.tmp"
    sqlite3 "$DB_FILE.tmp" < "$ROOT/migration-service/src/main/resources/legacy/legacy-schema.sql"
    sqlite3 "$DB_FILE.tmp" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < $ROWS)
      INSERT INTO device_logs (id, device_serial, level, message, device_timestamp, received_at)
      SELECT i, 'BS-' || (i % 5000), CASE WHEN i % 10 = 0 THEN 'ERROR' WHEN i % 7 = 0 THEN 'WARN' ELSE 'INFO' END,
             'bell ' || (i % 16) || ' rang melody ' || (i % 97) || ' strike ' || i,
             (1735689600 + i * 15552000 / $ROWS) * 1000,
             strftime('%Y-%m-%d %H:%M:%S', 1735689600 + i * 15552000 / $ROWS, 'unixepoch')
      FROM c;"
    mv "$DB_FILE.tmp" "$DB_FILE"
  fi
  if [ -n "${GENERATE_ONLY:-}" ]; then return; fi
  MIN_MAX=$(sqlite3 "$DB_FILE" "SELECT substr(min(received_at),1,10) || ' ' || substr(max(received_at),1,10) FROM device_logs")
  set -- $MIN_MAX
  FROM_DAY=$1; TO_DAY=$2
  
  # ---- 1. the migration job
  fresh_db bench_mig_job
  rm -f "$WORK/gc.log"
  T0=$(now)
  BELLSYS_DB_NAME=bench_mig_job java -Xmx512m -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" \
    migrate device_logs --sqlite "$DB_FILE" --progress-seconds 5 > "$WORK/job.log" 2>&1 || { cat "$WORK/job.log"; exit 1; }
  T1=$(now)
  JOB_MS=$(psql -tA -d bench_mig_job -c "SELECT duration_ms FROM _migration_runs WHERE script_name = 'device_logs' AND success ORDER BY id DESC LIMIT 1")
  JOB_FP=$(fingerprint bench_mig_job)
  PEAK=$(grep -o 'peak heap used: [0-9]* MB' "$WORK/job.log" | tail -1 || true)
  PEAK_MB=$(echo "$PEAK" | grep -o '[0-9]*' | head -1 || true)
  GC_PEAK=$(grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$WORK/gc.log" | sed -E 's/^([0-9]+)M.*/\1/' | sort -n | tail -1 || true)
  grep -E 'Source: .* rows' "$WORK/job.log" | tail -1 || true
  
  # ---- 2. pgloader into the same partitioned table (partitions made first: it cannot make them)
  fresh_db bench_mig_pgl
  apply_schema bench_mig_pgl
  psql -q -d bench_mig_pgl -c "SET TIME ZONE 'UTC'; SELECT count(*) FROM ensure_device_logs_partitions('$FROM_DAY', '$TO_DAY')" >/dev/null
  cat > "$WORK/pgloader.load" <<LOAD
LOAD DATABASE
  FROM sqlite://$DB_FILE
  INTO postgresql://$PGUSER@$PGHOST:$PGPORT/bench_mig_pgl
  WITH data only, create no tables, create no indexes, reset no sequences, include no drop, on error stop
  SET timezone TO 'UTC'
  INCLUDING ONLY TABLE NAMES LIKE 'device_logs';
LOAD
  T2=$(now)
  pgloader "$WORK/pgloader.load" > "$WORK/pgloader.log" 2>&1 || { tail -20 "$WORK/pgloader.log"; echo "pgloader failed"; }
  T3=$(now)
  PGL_FP=$(fingerprint bench_mig_pgl)
  
  # ---- 3. plain COPY of the same rows (a ready CSV, converted by SQLite, not timed)
  fresh_db bench_mig_copy
  apply_schema bench_mig_copy
  psql -q -d bench_mig_copy -c "SELECT count(*) FROM ensure_device_logs_partitions('$FROM_DAY', '$TO_DAY')" >/dev/null
  sqlite3 -csv "$DB_FILE" "SELECT id, device_serial, level, message, device_timestamp, received_at || '+00' FROM device_logs" > "$WORK/device_logs.csv"
  T4=$(now)
  psql -q -d bench_mig_copy -c "\\copy device_logs (id, device_serial, level, message, device_timestamp, received_at) FROM '$WORK/device_logs.csv' WITH (FORMAT csv)"
  T5=$(now)
  COPY_FP=$(fingerprint bench_mig_copy)
  rm -f "$WORK/device_logs.csv"
  
  JOB_S=$(awk -v ms="$JOB_MS" 'BEGIN { print ms / 1000 }')
  WALL_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN { print b - a }')
  PGL_S=$(awk -v a="$T2" -v b="$T3" 'BEGIN { print b - a }')
  COPY_S=$(awk -v a="$T4" -v b="$T5" 'BEGIN { print b - a }')
  echo
  echo "device_logs: $ROWS rows, $(nproc) cores, $(psql -tA -d postgres -c 'SHOW server_version')"
  printf '%-44s %10s %12s  %s\n' method seconds rows/s "fingerprint (count|sum id|sum epoch|sum len)"
  printf '%-44s %10.2f %12s  %s\n' "migration job (job's own duration)" "$JOB_S" "$(rate "$ROWS" "$JOB_S")" "$JOB_FP"
  printf '%-44s %10.2f %12s\n' "migration job (whole CLI process, JVM start)" "$WALL_S" "$(rate "$ROWS" "$WALL_S")"
  printf '%-44s %10.2f %12s  %s\n' "pgloader $(pgloader --version 2>/dev/null | sed -n 1p | awk "{print \$3}")" "$PGL_S" "$(rate "$ROWS" "$PGL_S")" "$PGL_FP"
  printf '%-44s %10.2f %12s  %s\n' "plain COPY (psql \\copy of a ready CSV)" "$COPY_S" "$(rate "$ROWS" "$COPY_S")" "$COPY_FP"
  echo "job ÷ pgloader: $(awk -v a="$PGL_S" -v b="$JOB_S" 'BEGIN { printf "%.2f", a / b }')x, job ÷ COPY: $(awk -v a="$COPY_S" -v b="$JOB_S" 'BEGIN { printf "%.2f", a / b }')x (same run)"
  echo "job heap: -Xmx512m; $PEAK; largest heap before a GC in the GC log: ${GC_PEAK:-?} MB"
  [ "$JOB_FP" = "$COPY_FP" ] && echo "job rows identical to COPY's: yes" || echo "job rows identical to COPY's: NO"
  [ "$PGL_FP" = "$COPY_FP" ] && echo "pgloader rows identical to COPY's: yes" || echo "pgloader rows identical to COPY's: NO"
  for db in bench_mig_job bench_mig_pgl bench_mig_copy; do psql -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
  echo "$ROWS $(rate "$ROWS" "$JOB_S") $(rate "$ROWS" "$PGL_S") $(rate "$ROWS" "$COPY_S") ${PEAK_MB:-?}" >> "$SUMMARY"
}

for size in "${SIZES[@]}"; do run_size "$size"; done
if [ -n "${GENERATE_ONLY:-}" ]; then exit 0; fi
echo
echo "summary ($(nproc) cores, load average before the runs: $LOAD_BEFORE)"
printf '%12s %12s %12s %12s %10s %10s %8s\n' rows "job rows/s" "pgloader" "COPY" "÷pgloader" "÷COPY" "heap MB"
while read -r n job pgl cp heap; do
  printf '%12s %12s %12s %12s %9.2fx %9.2fx %8s\n' "$n" "$job" "$pgl" "$cp" \
    "$(awk -v a="$job" -v b="$pgl" 'BEGIN { print a / b }')" "$(awk -v a="$job" -v b="$cp" 'BEGIN { print a / b }')" "$heap"
done < "$SUMMARY"
if [ "${#SIZES[@]}" -gt 1 ]; then
  read -r n0 job0 _ _ heap0 < <(head -1 "$SUMMARY")
  read -r n1 job1 _ _ heap1 < <(tail -1 "$SUMMARY")
  echo "growth $n0 -> $n1 rows ($(awk -v a="$n1" -v b="$n0" 'BEGIN { printf "%.0f", a / b }')x the work): job rate x$(awk -v a="$job1" -v b="$job0" 'BEGIN { printf "%.2f", a / b }'), peak heap $heap0 -> $heap1 MB"
fi
