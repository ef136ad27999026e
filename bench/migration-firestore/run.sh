#!/usr/bin/env bash
# Phase 2 benchmark: N customers with M orders each in Google's Firestore emulator, migrated by
# crm_customers and crm_orders through the real firebase-admin client into the real Postgres.
# Prints docs/s of a plain firebase-admin read of the same documents in the same pages (the
# ceiling), then rows/s of both jobs. Needs Postgres on 127.0.0.1:5432 (as the tests do); the
# emulator is installed when missing (bin/lib.sh) and started by the test JVM on a free port.
#
#   bench/migration-firestore/run.sh                 # 10,000 customers x 3 orders
#   CUSTOMERS=2000 bench/migration-firestore/run.sh  # quicker (the emulator slows down as the
#                                                    # collection grows; 100,000 was not tried)
#
# Env: CUSTOMERS (10000), ORDERS_PER_CUSTOMER (3), PAGE_SIZE (500, documents per Firestore query),
#      HEAP (2g, the test JVM's -Xmx).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bin/lib.sh
ensure_firestore_emulator
CUSTOMERS=${CUSTOMERS:-10000}
ORDERS_PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-3}
PAGE_SIZE=${PAGE_SIZE:-500}
HEAP=${HEAP:-2g}
log=$(mktemp /tmp/bench-migration-firestore.XXXXXX.log)
echo "bench: $CUSTOMERS customers x $ORDERS_PER_CUSTOMER orders, page size $PAGE_SIZE (log: $log)"
if ! ./mvnw -B -ntp -pl migration-service -am test -Dtest=FirestoreBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.customers="$CUSTOMERS" -Dbench.orders-per-customer="$ORDERS_PER_CUSTOMER" \
    -Dbellsys.migration.firestore.page-size="$PAGE_SIZE" -DargLine="-Xmx$HEAP" >"$log" 2>&1; then
  tail -50 "$log"
  echo "bench: FAILED (full log: $log)" >&2
  exit 1
fi
grep '^BENCH' "$log" | sed 's/^BENCH //'
