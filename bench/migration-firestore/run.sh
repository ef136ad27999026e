#!/usr/bin/env bash
# Phase 2 benchmark: N customers with M orders each in the in-process fake Firestore, migrated by
# crm_customers and crm_orders through the real firebase-admin client into the real Postgres.
# Prints rows/s for both jobs. Needs Postgres on 127.0.0.1:5432 (as the tests do).
#
#   bench/migration-firestore/run.sh                 # 100,000 customers x 3 orders (the issue's size)
#   CUSTOMERS=10000 bench/migration-firestore/run.sh # smaller, on a shared machine
#
# Env: CUSTOMERS (100000), ORDERS_PER_CUSTOMER (3), PAGE_SIZE (500, documents per Firestore query),
#      HEAP (4g, the test JVM's -Xmx: the fake keeps every document in memory).
set -euo pipefail
cd "$(dirname "$0")/../.."
CUSTOMERS=${CUSTOMERS:-100000}
ORDERS_PER_CUSTOMER=${ORDERS_PER_CUSTOMER:-3}
PAGE_SIZE=${PAGE_SIZE:-500}
HEAP=${HEAP:-4g}
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
