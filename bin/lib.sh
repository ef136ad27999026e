# Shared shell helpers for bin/start, bin/stop, bin/test and .ci/run: make sure the local Postgres
# and our Mosquitto run, and Google's Firestore emulator is installed (from Debian's packages when
# missing).

log() { printf '[bellsys] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  log "installing $* with apt-get"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || {
    as_root apt-get update -q >/dev/null 2>&1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
  }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() { # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  return 1
}

ensure_postgres() {
  local port=${BELLSYS_DB_PORT:-5432}
  port_open "$port" && return 0
  if [ "$port" != 5432 ]; then
    log "no PostgreSQL on 127.0.0.1:$port (BELLSYS_DB_PORT); start it first"; return 1
  fi
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql postgresql-client
  fi
  log "starting PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  wait_port 5432 30 || { log "PostgreSQL did not open 127.0.0.1:5432"; return 1; }
  # trust auth on loopback, as the tests expect
  if ! psql -h 127.0.0.1 -U postgres -Atc 'select 1' >/dev/null 2>&1; then
    local hba; hba=$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)
    log "enabling trust auth for 127.0.0.1 in $hba"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main reload
  fi
}

ensure_mosquitto_installed() {
  command -v mosquitto >/dev/null && command -v mosquitto_ctrl >/dev/null || apt_install mosquitto mosquitto-clients
}

mosquitto_plugin() { # the dynamic-security plugin shipped with Debian's (or the image's) Mosquitto
  local p
  for p in /usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so /usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so \
           /usr/lib/mosquitto_dynamic_security.so /usr/local/lib/mosquitto_dynamic_security.so; do
    [ -f "$p" ] && { echo "$p"; return 0; }
  done
  log "mosquitto_dynamic_security.so not found"; return 1
}

# A Mosquitto bellsys did not start holds the port (typically the machine's, with its default
# config: anonymous clients allowed, QoS 1 messages dropped past 1,000 queued). Stop it, say so.
stop_foreign_broker() { # port
  local pid what
  pid=$(ss -ltnpH "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
  what=$( [ -n "$pid" ] && ps -o args= -p "$pid" 2>/dev/null || true)
  case "$what" in
    *mosquitto*) ;;
    *) log "port $1 is taken by '${what:-an unknown process}', not a Mosquitto: stop it or set BELLSYS_MQTT_PORT"; return 1 ;;
  esac
  log "port $1 is held by a Mosquitto bellsys did not start (pid $pid: $what); stopping it: bellsys runs its own broker (deploy/mosquitto)"
  if command -v systemctl >/dev/null && systemctl is-active --quiet mosquitto 2>/dev/null; then
    as_root systemctl stop mosquitto
  else
    as_root kill "$pid"
  fi
  local i
  for ((i = 0; i < 100; i++)); do port_open "$1" || return 0; sleep 0.1; done
  log "the other Mosquitto did not stop"; return 1
}

# Our broker, always with our config: deploy/mosquitto/conf.d/bellsys.conf plus a top-level file
# for this machine (listener, paths, the dynamic-security plugin), state in $BELLSYS_RUN_DIR/mosquitto,
# on BELLSYS_MQTT_PORT (1883). The service account is created once, its credentials kept in
# $BELLSYS_RUN_DIR/mqtt.env (exported here for the services).
ensure_mosquitto() {
  local port=${BELLSYS_MQTT_PORT:-1883} run=${BELLSYS_RUN_DIR:?BELLSYS_RUN_DIR not set}
  local root dir pidf plugin
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  dir=$run/mosquitto pidf=$run/pids/mosquitto.pid
  ensure_mosquitto_installed
  mkdir -p "$dir/data" "$run/pids" "$run/logs"
  if [ ! -f "$run/mqtt.env" ]; then
    printf 'BELLSYS_MQTT_USERNAME=bellsys-service\nBELLSYS_MQTT_PASSWORD=%s\n' "$(openssl rand -base64 18 | tr -d '/+=')" > "$run/mqtt.env"
    chmod 600 "$run/mqtt.env"
  fi
  set -a; . "$run/mqtt.env"; set +a
  export BELLSYS_MQTT_PORT=$port
  if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then return 0; fi
  if port_open "$port"; then stop_foreign_broker "$port" || return 1; fi
  if [ ! -f "$dir/dynamic-security.json" ]; then
    mosquitto_ctrl dynsec init "$dir/dynamic-security.json" "$BELLSYS_MQTT_USERNAME" "$BELLSYS_MQTT_PASSWORD" >/dev/null
  fi
  plugin=$(mosquitto_plugin) || return 1
  cat > "$dir/mosquitto.conf" <<CONF
# written by bin/lib.sh; the settings are in $root/deploy/mosquitto/conf.d
listener $port ${BELLSYS_MQTT_BIND:-127.0.0.1}
persistence_location $dir/data/
plugin $plugin
plugin_opt_config_file $dir/dynamic-security.json
include_dir $root/deploy/mosquitto/conf.d
CONF
  # started as root, Mosquitto switches to the user "mosquitto", which must own its state
  if [ "$(id -u)" = 0 ] && id mosquitto >/dev/null 2>&1; then chown -R mosquitto "$dir"; fi
  log "starting Mosquitto on 127.0.0.1:$port with deploy/mosquitto/conf.d (state in $dir)"
  nohup mosquitto -c "$dir/mosquitto.conf" >> "$run/logs/mosquitto.log" 2>&1 &
  echo $! > "$pidf"
  wait_port "$port" 15 || { log "Mosquitto did not open 127.0.0.1:$port; see $run/logs/mosquitto.log"; return 1; }
}

# Google's Cloud Firestore emulator (the tests, bin/start --demo and bench/migration-firestore use it).
FIRESTORE_EMULATOR=${BELLSYS_FIRESTORE_EMULATOR:-/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator}

ensure_firestore_emulator() {
  [ -x "$FIRESTORE_EMULATOR" ] && return 0
  if ! apt-cache show google-cloud-cli-firestore-emulator >/dev/null 2>&1; then
    log "adding Google's Cloud SDK apt repository"
    command -v curl >/dev/null || apt_install curl ca-certificates
    command -v gpg >/dev/null || apt_install gnupg
    curl -fsSL https://packages.cloud.google.com/apt/doc/apt-key.gpg |
      as_root gpg --dearmor --yes -o /usr/share/keyrings/cloud.google.gpg
    echo "deb [signed-by=/usr/share/keyrings/cloud.google.gpg] https://packages.cloud.google.com/apt cloud-sdk main" |
      as_root tee /etc/apt/sources.list.d/google-cloud-sdk.list >/dev/null
    as_root apt-get update -q >/dev/null
  fi
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  apt_install google-cloud-cli-firestore-emulator
  [ -x "$FIRESTORE_EMULATOR" ] || { log "the Firestore emulator is not at $FIRESTORE_EMULATOR after installing"; return 1; }
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_firestore_emulator PORT LOGFILE PIDFILE: starts the emulator in a session of its own (its
# launcher forks a java process that outlives it, so stop_firestore_emulator kills the whole group)
# and waits until it is ready.
start_firestore_emulator() {
  local port=$1 logf=$2 pidf=$3 i
  ensure_firestore_emulator
  setsid "$FIRESTORE_EMULATOR" start --host=127.0.0.1 --port="$port" >"$logf" 2>&1 < /dev/null &
  echo $! >"$pidf"
  for ((i = 0; i < 1800; i++)); do
    grep -q "Dev App Server is now running" "$logf" 2>/dev/null && return 0
    kill -0 "$(cat "$pidf")" 2>/dev/null || break
    sleep 0.1
  done
  log "the Firestore emulator did not start on port $port; see $logf"; tail -20 "$logf" >&2
  stop_firestore_emulator "$pidf"
  return 1
}

stop_firestore_emulator() { # PIDFILE
  local pid; pid=$(cat "$1" 2>/dev/null) || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    # already gone after TERM: nothing to kill (and no failure to leak into set -e callers' traps)
    kill -9 -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

ensure_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  command -v psql >/dev/null || apt_install postgresql-client
  command -v openssl >/dev/null || apt_install openssl
}
