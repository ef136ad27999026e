-- Fills audit_log with :rows synthetic rows spread over the 730 days before today (UTC), in time
-- order (ids ascend with occurred_at, as an append-only log does), from :actors staff members and
-- :entities records of nine types. Actions are skewed like a real console: mostly UPDATEs, few
-- PERMISSION_CHANGEs. The four audit indexes are dropped during the load and rebuilt after (with
-- their exact definitions read from the catalog), which is much faster than maintaining them row by row.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '512MB';

CREATE TEMP TABLE audit_index_defs AS
    SELECT indexname, indexdef FROM pg_indexes
    WHERE tablename = 'audit_log' AND indexname LIKE 'idx_audit_%';
SELECT count(*) >= 4 AS audit_indexes_found FROM audit_index_defs \gset
\if :audit_indexes_found
\else
  \echo 'audit_log indexes not found: was the schema migrated?'
  SELECT 1/0;
\endif

TRUNCATE audit_log RESTART IDENTITY;
DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT indexname FROM audit_index_defs LOOP
        EXECUTE format('DROP INDEX %I', d.indexname);
    END LOOP;
END $$;

\timing on
INSERT INTO audit_log (occurred_at, actor_id, actor_name, action, entity_type, entity_id, entity_label, changes, meta)
SELECT t,
       'staff-' || lpad(a::text, 3, '0'),
       'Staff member ' || a,
       act,
       (ARRAY['customer','order','device','melody','product','staff','ticket','note','quotation'])[e % 9 + 1],
       (ARRAY['cus','ord','dev','mel','prd','stf','tkt','not','quo'])[e % 9 + 1] || '-' || e,
       'Record ' || e,
       CASE WHEN act IN ('UPDATE', 'STATUS_CHANGE')
            THEN jsonb_build_object('status', jsonb_build_object('old', 'draft', 'new', 'sent'),
                                    'notes', jsonb_build_object('old', NULL, 'new', 'call back ' || g)) END,
       jsonb_build_object('ip_address', '10.0.' || (g % 251) || '.' || (g % 241), 'request_id', 'req-' || g)
FROM (
    SELECT g,
           date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '730 days'
               + ((g - 1) + random()) * (730 * 86400.0 / :rows) * interval '1 second' AS t,
           floor(random() * :actors)::int AS a,
           floor(random() * :entities)::int AS e,
           CASE WHEN r < 0.40 THEN 'UPDATE' WHEN r < 0.55 THEN 'CREATE' WHEN r < 0.65 THEN 'STATUS_CHANGE'
                WHEN r < 0.75 THEN 'COMMAND' WHEN r < 0.83 THEN 'LOGIN' WHEN r < 0.90 THEN 'LOGOUT'
                WHEN r < 0.94 THEN 'DELETE' WHEN r < 0.97 THEN 'PUBLISH' WHEN r < 0.99 THEN 'UNPUBLISH'
                ELSE 'PERMISSION_CHANGE' END AS act
    FROM (SELECT g, random() AS r FROM generate_series(1, :rows) g) s
) rows;

DO $$
DECLARE d record;
BEGIN
    FOR d IN SELECT indexdef FROM audit_index_defs LOOP
        EXECUTE d.indexdef;
    END LOOP;
END $$;
VACUUM ANALYZE audit_log;
\timing off
SELECT count(*) AS rows, count(DISTINCT actor_id) AS actors, min(occurred_at) AS first, max(occurred_at) AS last
FROM audit_log;
