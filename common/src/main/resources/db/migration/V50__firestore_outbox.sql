-- crm-service: the Firestore outbox. Each committed mutation of a mirrored collection enqueues its
-- Firestore write here in the same transaction; the worker drains it per document in id order,
-- so a Firestore outage neither fails the Console's request nor loses the write.
CREATE TABLE firestore_outbox (
    id              BIGSERIAL PRIMARY KEY,
    collection      TEXT        NOT NULL,
    document_id     TEXT        NOT NULL,
    operation       TEXT        NOT NULL CHECK (operation IN ('set', 'delete')),
    payload         JSONB,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_error      TEXT,
    done_at         TIMESTAMPTZ
);
-- Pending rows only: the worker's "head row per document" query and the depth/age gauges.
CREATE INDEX idx_firestore_outbox_pending ON firestore_outbox (collection, document_id, id) WHERE done_at IS NULL;
CREATE INDEX idx_firestore_outbox_pending_created ON firestore_outbox (created_at) WHERE done_at IS NULL;
CREATE INDEX idx_firestore_outbox_done ON firestore_outbox (done_at) WHERE done_at IS NOT NULL;
