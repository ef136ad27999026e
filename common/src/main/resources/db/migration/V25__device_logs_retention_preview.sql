-- Retention dry run: the partitions drop_device_logs_partitions_before(keep_from) would drop (same
-- rule: wholly before the month of keep_from), with the planner's row estimate, dropping nothing.
-- Retention is off until the operator turns it on after the migrated logs are verified
-- (docs/cutover.md), and this is what they look at first.
CREATE FUNCTION device_logs_partitions_before(keep_from DATE)
RETURNS TABLE (partition_name TEXT, estimated_rows BIGINT)
LANGUAGE sql STABLE AS $$
    SELECT c.relname::text, greatest(c.reltuples, 0)::bigint
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = 'device_logs'
      AND p.relnamespace = current_schema()::regnamespace
      AND c.relname ~ '^device_logs_[0-9]{4}_[0-9]{2}$'
      AND (to_date(substr(c.relname, 13), 'YYYY_MM') + INTERVAL '1 month')::date
          <= date_trunc('month', keep_from)::date
    ORDER BY c.relname
$$;
