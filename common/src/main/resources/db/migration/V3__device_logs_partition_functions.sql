-- device_logs partition upkeep in the database (docs/schema.md). The old backend created its
-- monthly partitions from Python; on an adopted database its partitions stay as they are (start-up
-- refuses a partition that is not device_logs_YYYY_MM with UTC month bounds, which these
-- functions could not extend), and the current and next month are created here if missing.

-- Creates the monthly partitions covering [from_month, to_month]; returns the names it created.
-- Names are built from dates only and quoted with %I, so no caller text reaches the DDL.
-- The advisory lock makes concurrent callers (several replicas at start) safe.
CREATE FUNCTION ensure_device_logs_partitions(from_month DATE, to_month DATE)
RETURNS SETOF TEXT
LANGUAGE plpgsql AS $$
DECLARE
    m    DATE := date_trunc('month', from_month)::date;
    last DATE := date_trunc('month', to_month)::date;
    part TEXT;
BEGIN
    IF from_month IS NULL OR to_month IS NULL THEN
        RAISE EXCEPTION 'ensure_device_logs_partitions: from_month and to_month are required';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('device_logs_partitions'));
    WHILE m <= last LOOP
        part := 'device_logs_' || to_char(m, 'YYYY_MM');
        IF to_regclass(format('%I.%I', current_schema(), part)) IS NULL THEN
            -- bounds are UTC month starts, whatever the session's TimeZone
            EXECUTE format('CREATE TABLE %I PARTITION OF device_logs FOR VALUES FROM (%L) TO (%L)',
                           part, m::text || ' 00:00:00+00', (m + INTERVAL '1 month')::date::text || ' 00:00:00+00');
            RETURN NEXT part;
        END IF;
        m := (m + INTERVAL '1 month')::date;
    END LOOP;
END;
$$;

-- Drops the monthly partitions that lie wholly before the month of keep_from; returns their names.
-- Retention is DROP TABLE, never DELETE. Only partitions named by ensure_device_logs_partitions
-- are considered.
CREATE FUNCTION drop_device_logs_partitions_before(keep_from DATE)
RETURNS SETOF TEXT
LANGUAGE plpgsql AS $$
DECLARE
    cutoff DATE := date_trunc('month', keep_from)::date;
    part   TEXT;
BEGIN
    IF keep_from IS NULL THEN
        RAISE EXCEPTION 'drop_device_logs_partitions_before: keep_from is required';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('device_logs_partitions'));
    FOR part IN
        SELECT c.relname
        FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = 'device_logs'
          AND p.relnamespace = current_schema()::regnamespace
          AND c.relname ~ '^device_logs_[0-9]{4}_[0-9]{2}$'
        ORDER BY c.relname
    LOOP
        IF (to_date(substr(part, 13), 'YYYY_MM') + INTERVAL '1 month')::date <= cutoff THEN
            EXECUTE format('DROP TABLE %I', part);
            RETURN NEXT part;
        END IF;
    END LOOP;
END;
$$;

-- The current and the next month ready for inserts (on an adopted database: those still missing).
SELECT ensure_device_logs_partitions((now() AT TIME ZONE 'UTC')::date,
                                     ((now() AT TIME ZONE 'UTC') + INTERVAL '1 month')::date);

