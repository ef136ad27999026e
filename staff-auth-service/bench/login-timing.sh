#!/usr/bin/env bash
# Prints login response times against a running staff-auth-service: correct password, wrong
# password, unknown email. The three should be close (one bcrypt each); a large gap for the
# unknown email would let a caller enumerate accounts.
# Usage: bench/login-timing.sh EMAIL PASSWORD [BASE_URL] [N]
# (N small by default: attempts count toward the throttle; each round uses its own X-Forwarded-For.)
set -euo pipefail
EMAIL=${1:?email}; PASSWORD=${2:?password}; BASE=${3:-http://127.0.0.1:8081}; N=${4:-4}

time_login() { # email password address
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: application/json' -H "X-Forwarded-For: $3" \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$BASE/api/auth/login"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

ok=(); wrong=(); unknown=()
for i in $(seq 1 "$N"); do
  ok+=("$(time_login "$EMAIL" "$PASSWORD" "198.51.100.$i")")
  wrong+=("$(time_login "$EMAIL" "wrong-$i-password" "198.51.101.$i")")
  unknown+=("$(time_login "nobody-$i-$RANDOM@example.invalid" "$PASSWORD" "198.51.102.$i")")
done
printf 'n=%s\n' "$N"
printf 'correct password  median %ss\n' "$(printf '%s\n' "${ok[@]}" | median)"
printf 'wrong password    median %ss\n' "$(printf '%s\n' "${wrong[@]}" | median)"
printf 'unknown email     median %ss\n' "$(printf '%s\n' "${unknown[@]}" | median)"
