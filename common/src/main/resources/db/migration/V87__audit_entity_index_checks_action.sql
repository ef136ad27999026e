-- "What was done of this kind to this record?" (entity + action) walked idx_audit_entity and fetched
-- every row of the record from the heap only to drop the other actions: at 50M rows a record has
-- ~1,000 rows and a page of UPDATEs (40%) took ~128 scattered heap pages for 51 rows, each a disk
-- read once the log outgrows memory (bench/audit, RESULTS.md). With action as a trailing key column
-- the index itself rejects the other actions (an Index Cond on the leaf entries), so only the rows
-- returned are fetched; the index still gives occurred_at order for every entity query and serves
-- entity alone, entity + dates and the history endpoint as before. Cost: ~22% more for this one
-- index (220 -> 269 MB at 5M rows) instead of a sixth index (+~250 MB and one more entry per insert).
-- audit_log is new (no migration source), so rebuilding the index in Flyway's transaction is short.
DROP INDEX IF EXISTS idx_audit_entity;
CREATE INDEX idx_audit_entity ON audit_log (entity_type, entity_id, occurred_at DESC, action);
