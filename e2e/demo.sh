#!/usr/bin/env bash
# `bin/start --demo` as a newcomer runs it on a fresh clone (CI: no bellsys artifact in the Maven
# repository; the jars come from this checkout's build): the sample SQLite file and Firestore data
# set, Phases 1-3 through the admin API with every verification passing (bin/demo fails otherwise),
# then the Firestore-resident data the demo seeds (devices with telemetry, app users, firmware)
# served through the gateway. Fixed ports like bin/e2e: run it when no system is up.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
ROOT=$PWD
RUNID=$(date +%s)-$$
export BELLSYS_RUN_DIR=$ROOT/target/demo/run
export BELLSYS_DB_NAME=bellsys_demo_${RUNID//-/_}
export BELLSYS_MQTT_TOPIC_PREFIX=demo-$RUNID
export BELLSYS_INGEST_SHARED_GROUP=demo-$RUNID
export BELLSYS_MQTT_CLIENT_ID=demo-ingest-$RUNID
GW=http://127.0.0.1:8080
rm -rf "$BELLSYS_RUN_DIR"; mkdir -p "$BELLSYS_RUN_DIR"

fail() { log "DEMO FAILED: $*"; exit 1; }
cleanup() {
  local rc=$?
  bin/stop >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $BELLSYS_DB_NAME WITH (FORCE)" >/dev/null 2>&1 || true
  [ $rc -ne 0 ] && for f in "$BELLSYS_RUN_DIR"/logs/*.log; do [ -f "$f" ] && { echo "---- $f (tail)"; tail -20 "$f"; }; done
  exit $rc
}
trap cleanup EXIT

[ -f staff-auth-service/target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q -ntp package -DskipTests
bin/start --no-build --demo > "$ROOT/target/demo/start.log" 2>&1 || { tail -60 "$ROOT/target/demo/start.log"; fail "bin/start --demo"; }
grep -E "^Verification of phase|^\[(PASS|FAIL)\]" "$ROOT/target/demo/start.log" || true
log "ok  bin/start --demo: Phases 1-3 ran and every verification passed"

set -a; . "$BELLSYS_RUN_DIR/admin.env"; set +a
token=$(curl -fs -X POST "$GW/api/auth/login" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$BELLSYS_SEED_ADMIN_EMAIL\",\"password\":\"$BELLSYS_SEED_ADMIN_PASSWORD\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
get() { curl -fs "$GW$1" -H "Authorization: Bearer $token"; }
count() { python3 -c "import json,sys; d=json.load(sys.stdin); print(len(d['items']))"; }
n=$(get /api/devices | count) || fail "GET /api/devices"
[ "$n" -gt 0 ] || fail "the demo's devices are not listed"
get /api/devices/dev-0 | python3 -c "
import json,sys; d=json.load(sys.stdin)
t = d.get('telemetry') or {}
assert t.get('last_heartbeat') or t.get('recent_logs'), 'no telemetry joined: ' + json.dumps(d)[:300]" ||
  fail "GET /api/devices/dev-0 has no telemetry"
m=$(get /api/app-users | count) || fail "GET /api/app-users"
[ "$m" -gt 0 ] || fail "the demo's app users are not listed"
f=$(get /api/firmware | count) || fail "GET /api/firmware"
[ "$f" -gt 0 ] || fail "no firmware version after Phase 2"
log "ok  the demo's data through the gateway: $n devices (dev-0 with telemetry), $m app users, $f firmware versions"
