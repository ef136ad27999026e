-- staff-auth-service: password-guess throttle (LoginThrottle) and the absolute end of a refresh session.

-- One row per throttled key ('login:<email>|<address>', 'address:<address>', 'password:<staff id>').
-- An attempt is counted here, under the row's lock, BEFORE its password is checked, so concurrent
-- guesses cannot all slip past the limit; a key at its limit is refused until blocked_until.
CREATE TABLE auth_throttle (
    throttle_key    TEXT PRIMARY KEY,
    attempts        INTEGER     NOT NULL,   -- counted since the key was last quiet for a whole window
    last_attempt_at TIMESTAMPTZ NOT NULL,
    blocked_until   TIMESTAMPTZ             -- no further attempt before this (growing delays)
);
CREATE INDEX idx_auth_throttle_last_attempt ON auth_throttle (last_attempt_at);

-- When the login that started a token family happened: refresh stops at session_started_at plus
-- bellsys.auth.refresh-session-max-age, however often the tokens were rotated.
ALTER TABLE refresh_tokens ADD COLUMN session_started_at TIMESTAMPTZ;
UPDATE refresh_tokens r SET session_started_at = f.started
  FROM (SELECT family_id, min(issued_at) AS started FROM refresh_tokens GROUP BY family_id) f
 WHERE r.family_id = f.family_id;
ALTER TABLE refresh_tokens ALTER COLUMN session_started_at SET NOT NULL;
