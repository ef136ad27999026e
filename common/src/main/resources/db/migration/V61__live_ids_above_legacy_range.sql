-- Rows bellsys writes itself into the tables that keep the legacy SQLite ids take their ids from a
-- reserved range up, so the old backend, which keeps writing SQLite until Phase 5, can never give a
-- legacy row an id a bellsys row already holds: a catch-up run (migration-service) then copies
-- every legacy row under its own id, and the Phase 1 jobs refuse a legacy id inside the range.
-- From 1,000,000,000,000 up; commands from 1,000,000,000 (their id goes to the devices as
-- command_id, kept below 2^31 for 32-bit firmware). Same values as migration-service's
-- TableSpec.liveIdFloor(); docs/migration.md, "Catch-up".
-- setval never moves a sequence back: one already past its floor stays where it is.
DO $$
DECLARE
    t     TEXT;
    seq   TEXT;
    floor BIGINT;
BEGIN
    FOREACH t IN ARRAY ARRAY['mfg_audit_log', 'device_alerts', 'crm_quotation_items', 'commands', 'heartbeats',
                             'device_logs']
    LOOP
        seq := pg_get_serial_sequence(t, 'id');
        floor := CASE WHEN t = 'commands' THEN 1000000000 ELSE 1000000000000 END;
        EXECUTE format('SELECT setval(%L, GREATEST(%s, (SELECT last_value FROM %s)), true)', seq, floor, seq);
    END LOOP;
END
$$;
