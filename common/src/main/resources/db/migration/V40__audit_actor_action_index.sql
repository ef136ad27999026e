-- "What did this staff member do of this kind?" (actor_id + action, optionally with a date range)
-- is the one filter combination none of the spec's four indexes serves well: with 5M rows Postgres
-- either walks idx_audit_actor and discards most rows, or BitmapAnds idx_audit_actor with
-- idx_audit_action (25k + 50k entries) and sorts; a rare action took 550 ms that way
-- (bench/audit, docs/audit.md). This index answers it as a single range scan in occurred_at order.
-- audit_log is new (no migration source), so a plain CREATE INDEX in Flyway's transaction is short.
CREATE INDEX IF NOT EXISTS idx_audit_actor_action ON audit_log (actor_id, action, occurred_at DESC);
