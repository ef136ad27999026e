-- staff-auth-service: refresh tokens (opaque to clients, stored only as SHA-256 hashes).
-- A login starts a family; each refresh rotates the token within its family. Presenting a token
-- that was already rotated means it leaked, so the whole family is revoked.
CREATE TABLE refresh_tokens (
    token_hash  TEXT PRIMARY KEY,                       -- hex SHA-256 of the token
    family_id   TEXT        NOT NULL,
    staff_id    TEXT        NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    issued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    rotated_at  TIMESTAMPTZ,                            -- replaced by a newer token of the family
    revoked_at  TIMESTAMPTZ,                            -- logout, reuse detection, deactivation
    revoke_reason TEXT
);
CREATE INDEX idx_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX idx_refresh_tokens_staff ON refresh_tokens (staff_id);
CREATE INDEX idx_refresh_tokens_expires ON refresh_tokens (expires_at);

-- Login looks staff up by case-insensitive email.
CREATE INDEX IF NOT EXISTS idx_staff_email_lower ON staff (lower(email));
CREATE INDEX IF NOT EXISTS idx_staff_role_active ON staff (role, is_active);
