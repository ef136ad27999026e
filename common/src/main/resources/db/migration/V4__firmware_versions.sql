-- Firmware versions (Firestore `firmware_versions`): in the plan's target table but not among
-- Phase 0's tables, so not in the Alembic baseline; bellsys creates it (Phase 2 job 2.6 fills it).
CREATE TABLE firmware_versions (
    id            TEXT PRIMARY KEY,
    firestore_id  TEXT UNIQUE,
    hw_type       TEXT        NOT NULL,
    channel       TEXT        NOT NULL DEFAULT 'stable',
    version       TEXT        NOT NULL,
    filename      TEXT,
    download_url  TEXT,
    size_bytes    BIGINT,
    sha256        TEXT,
    changelog     TEXT,
    mandatory     BOOLEAN     NOT NULL DEFAULT FALSE,
    metadata      JSONB       NOT NULL DEFAULT '{}',
    uploaded_at   TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (hw_type, channel, version)
);
