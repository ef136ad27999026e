-- Firmware versions managed from the Console (device-ingest-service's firmware feature): a version
-- is retired, never deleted (commands and devices still name it), and edits are versioned for If-Match.
ALTER TABLE firmware_versions
    ADD COLUMN retired_at TIMESTAMPTZ,
    ADD COLUMN updated_at TIMESTAMPTZ NOT NULL DEFAULT now();
-- The Console's list: newest first per hardware type.
CREATE INDEX idx_firmware_versions_hw_created ON firmware_versions (hw_type, created_at DESC, id);
