# Shared shell helpers for bin/start, bin/stop, bin/test and .ci/run: make sure the local Postgres
# and Mosquitto run, and Google's Firestore emulator is installed (from Debian's packages when
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
  port_open 5432 && return 0
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

ensure_mosquitto() {
  port_open 1883 && return 0
  command -v mosquitto >/dev/null || apt_install mosquitto mosquitto-clients
  log "starting Mosquitto"
  as_root mosquitto -d -c /etc/mosquitto/mosquitto.conf
  wait_port 1883 15 || { log "Mosquitto did not open 127.0.0.1:1883"; return 1; }
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
    kill -- "-$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null
  fi
  rm -f "$1"
}

ensure_tools() {
  command -v java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  command -v psql >/dev/null || apt_install postgresql-client
  command -v openssl >/dev/null || apt_install openssl
}
