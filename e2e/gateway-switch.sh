#!/usr/bin/env bash
# The per-domain switch at the gateway (docs/cutover.md): a domain moves between its bellsys
# service and the legacy backend with `bin/gateway route`, and every request in flight during the
# reload is answered. Runs its own nginx on a free port with two small HTTP upstreams that say who
# answered (this checks nginx's routing, not the services), so it never touches a running system.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh
WORK=$(mktemp -d /tmp/bellsys-gateway-switch.XXXXXX)
pids=()
cleanup() {
  BELLSYS_RUN_DIR=$WORK bin/gateway stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -n "${DEBUG_SWITCH:-}" ] && trap - EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fail() { echo "gateway-switch: FAIL: $*" >&2; exit 1; }

# An upstream that answers {"backend": NAME} after 150 ms, so requests are in flight at the reload.
upstream() { # name port
  python3 - "$1" "$2" <<'PY' &
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
name, port = sys.argv[1], int(sys.argv[2])
class H(BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(0.15)
        body = json.dumps({"backend": name, "path": self.path}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
  pids+=($!)
  wait_port "$2" 10 || fail "upstream $1 did not start"
}

BELLSYS_PORT=$(free_port); CRM_PORT=$(free_port); LEGACY_PORT=$(free_port); GW=$(free_port)
upstream bellsys "$BELLSYS_PORT"
# crm-service on its own upstream: the devices domain sends its registry paths there
upstream bellsys-crm "$CRM_PORT"
upstream legacy "$LEGACY_PORT"
export BELLSYS_RUN_DIR=$WORK GATEWAY_PORT=$GW LEGACY_UPSTREAM=127.0.0.1:$LEGACY_PORT
for u in AUTH INGEST AUDIT MIGRATION; do export "${u}_UPSTREAM=127.0.0.1:$BELLSYS_PORT"; done
export CRM_UPSTREAM=127.0.0.1:$CRM_PORT
bin/gateway start >/dev/null 2>&1 || fail "gateway did not start"

backend() { curl -fsS "http://127.0.0.1:$GW$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["backend"])'; }
route_of() { curl -fsS "http://127.0.0.1:$GW/api/gateway/routes" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }

[ "$(backend /api/crm/customers)" = bellsys-crm ] || fail "crm should start on bellsys"
[ "$(route_of crm)" = bellsys ] || fail "routes should say crm=bellsys"

# 300 requests, 20 at a time, across crm and auth while crm is switched to legacy mid-way.
seq 1 300 | xargs -P 20 -I{} sh -c \
  'p=/api/crm/customers; [ $(({} % 3)) = 0 ] && p=/api/auth/me; curl -s -o /dev/null -w "%{http_code}\n" "http://127.0.0.1:'"$GW"'$p?n={}"' \
  > "$WORK/codes" &
load=$!
sleep 1
bin/gateway route crm legacy >/dev/null 2>&1 || fail "route crm legacy failed"
wait "$load"
total=$(wc -l < "$WORK/codes"); ok=$(grep -c '^200$' "$WORK/codes" || true)
[ "$total" = 300 ] && [ "$ok" = 300 ] || fail "requests in flight during the switch: $ok of $total answered 200 ($(sort "$WORK/codes" | uniq -c | tr '\n' ' '))"

[ "$(backend /api/crm/customers)" = legacy ] || fail "crm should now go to legacy"
[ "$(backend /api/melodies)" = legacy ] || fail "melodies (crm domain) should now go to legacy"
[ "$(backend /api/auth/me)" = bellsys ] || fail "auth must stay on bellsys"
[ "$(route_of crm)" = legacy ] || fail "routes should say crm=legacy"
grep -qx 'ROUTE_CRM=legacy' "$WORK/gateway/routes.env" || fail "routes.env should keep crm=legacy"

if bin/gateway route crm nowhere >/dev/null 2>&1; then fail "an unknown target must be refused"; fi
[ "$(route_of crm)" = legacy ] || fail "a refused switch must change nothing"

bin/gateway route crm bellsys >/dev/null 2>&1 || fail "route crm bellsys failed"
[ "$(backend /api/crm/customers)" = bellsys-crm ] || fail "crm should be back on bellsys"
# The devices domain spans two services: the registry (list, one device, its retire/owner/customer
# actions, app users) on crm-service; telemetry, commands, partitions, firmware, mfg on device-ingest.
check_devices() { # expected backend for the registry, expected backend for ingest
  for p in /api/devices /api/devices/abc123 /api/devices/abc123/owner /api/devices/abc123/customer \
           /api/devices/abc123/retire /api/app-users /api/app-users/u1; do
    [ "$(backend "$p")" = "$1" ] || fail "$p should go to $1, went to $(backend "$p")"
  done
  for p in /api/devices/BS-1/logs /api/devices/BS-1/heartbeats /api/devices/BS-1/alerts /api/devices/BS-1/commands \
           /api/devices/BS-1/status /api/devices/status /api/devices/partitions/retention /api/firmware \
           /api/firmware/fw-1 /api/mfg/audit-log; do
    [ "$(backend "$p")" = "$2" ] || fail "$p should go to $2, went to $(backend "$p")"
  done
}
check_devices bellsys-crm bellsys
bin/gateway route devices legacy >/dev/null 2>&1 || fail "route devices legacy failed"
check_devices legacy legacy
[ "$(backend /api/crm/customers)" = bellsys-crm ] || fail "crm must stay on bellsys when devices switch"
[ "$(route_of devices)" = legacy ] || fail "routes should say devices=legacy"
bin/gateway route devices bellsys >/dev/null 2>&1 || fail "route devices bellsys failed"
check_devices bellsys-crm bellsys

echo "gateway-switch: ok ($ok of $total requests in flight answered 200; crm bellsys -> legacy -> bellsys, auth untouched; devices registry and ingest paths switch together)"
