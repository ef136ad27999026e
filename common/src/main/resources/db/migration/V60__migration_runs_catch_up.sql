-- Catch-up runs say how many rows they added, and an operator's override of the plan's job order
-- (migration-service engine/Prerequisites) is stored with the run it let through.
ALTER TABLE _migration_runs
    ADD COLUMN new_rows BIGINT,
    ADD COLUMN prerequisites_overridden TEXT;
