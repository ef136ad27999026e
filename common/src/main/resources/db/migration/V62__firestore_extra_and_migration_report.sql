-- Issue 18, nothing dropped on the way in (migration-service, docs/firestore-migration.md).
-- firestore_extra: the Firestore fields of a migrated document that no column holds exactly
-- (fields without a column, and originals a column could not keep as they were: sub-cent money,
-- text in a number field, timestamps inside JSON ...), in Firestore's typed JSON value format so
-- that a later writer can restore the exact Firestore types. NULL: nothing beyond the columns
-- (every row the new system writes itself).
ALTER TABLE crm_customers ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE crm_orders ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE crm_products ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE staff ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE console_settings ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE public_features ADD COLUMN IF NOT EXISTS firestore_extra JSONB;
ALTER TABLE firmware_versions ADD COLUMN IF NOT EXISTS firestore_extra JSONB;

-- The run report (counts, fields kept in firestore_extra, inexact values, parked documents,
-- warnings), stored with the run instead of only printed.
ALTER TABLE _migration_runs ADD COLUMN IF NOT EXISTS report JSONB;

-- Source documents a job deliberately did not load (an order whose customer document is missing,
-- a settings document that is not configured, a staff member with an unknown role), kept whole
-- (typed JSON) with the reason. A job replaces its own rows in its transaction: the table holds
-- what the job's last successful run parked.
CREATE TABLE IF NOT EXISTS _migration_parked (
    id          BIGSERIAL   PRIMARY KEY,
    job         TEXT        NOT NULL,
    collection  TEXT        NOT NULL,
    document_id TEXT        NOT NULL,
    path        TEXT        NOT NULL,
    reason      TEXT        NOT NULL,
    document    JSONB       NOT NULL,
    run_id      BIGINT,
    parked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (job, path)
);
