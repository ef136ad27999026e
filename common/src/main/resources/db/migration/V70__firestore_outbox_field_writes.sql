-- The outbox becomes an exact mirror for the rollback window (docs/firestore.md, "The outbox"):
-- a row writes only the fields its change touched, with their Firestore types, instead of
-- replacing the whole document with the Postgres row.
--   create  a new document: its mirrored fields, merged (a retry or an existing document is harmless)
--   merge   only payload.fields (field masks); other fields, bellsys's or not, stay as they are
--   delete  deletes the document
--   set     replaces the whole document with payload (published melodies, which bellsys alone writes)
-- payload for create/merge: {"fields": {"<field>": {"<type>": value}}} (common's MirrorFields).
ALTER TABLE firestore_outbox DROP CONSTRAINT firestore_outbox_operation_check;
ALTER TABLE firestore_outbox ADD CONSTRAINT firestore_outbox_operation_check
    CHECK (operation IN ('create', 'merge', 'set', 'delete'));
ALTER TABLE firestore_outbox ADD COLUMN document_path TEXT GENERATED ALWAYS AS (collection || '/' || document_id) STORED;
COMMENT ON COLUMN firestore_outbox.payload IS
    'create/merge: {"fields": {field: {type: value}}} with type string|integer|double|boolean|null|timestamp|geo|ref|bytes|json|delete|flag; set: the whole document as plain JSON; delete: NULL';
