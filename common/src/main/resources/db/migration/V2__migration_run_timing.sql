-- bellsys's run timing for _migration_runs, above the baseline's plan columns. Additive on an
-- adopted database: rows the old backend wrote get started_at = ran_at, and its inserts (which
-- name neither column) keep working. Both started_at and ran_at default to now(), so a row
-- bellsys's RunLog inserts has ran_at = started_at, which is what the plan's verify query reads.
ALTER TABLE _migration_runs ADD COLUMN started_at TIMESTAMPTZ;
UPDATE _migration_runs SET started_at = ran_at;
ALTER TABLE _migration_runs ALTER COLUMN started_at SET DEFAULT now(),
                            ALTER COLUMN started_at SET NOT NULL;
ALTER TABLE _migration_runs ADD COLUMN finished_at TIMESTAMPTZ,
                            ADD COLUMN error       TEXT,
                            ADD COLUMN duration_ms BIGINT;
CREATE INDEX idx_migration_runs_script ON _migration_runs (script_name, started_at DESC);
