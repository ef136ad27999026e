package com.bellsystems.auth.login.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** SQL for {@code refresh_tokens} (V10): only hashes are stored, never the token itself. */
@ApplicationScoped
public class RefreshTokenRepository {

    public record StoredToken(
            String tokenHash,
            String familyId,
            String staffId,
            OffsetDateTime expiresAt,
            OffsetDateTime rotatedAt,
            OffsetDateTime revokedAt,
            OffsetDateTime sessionStartedAt) {}

    public Uni<Void> insert(
            SqlClient c,
            String tokenHash,
            String familyId,
            String staffId,
            OffsetDateTime sessionStartedAt,
            OffsetDateTime expiresAt) {
        return c.preparedQuery(
                        """
                        INSERT INTO refresh_tokens (token_hash, family_id, staff_id, session_started_at, expires_at)
                        VALUES ($1, $2, $3, $4, $5)
                        """)
                .execute(Tuple.of(tokenHash, familyId, staffId, sessionStartedAt, expiresAt))
                .replaceWithVoid();
    }

    /** The token's row, locked so two refreshes of one token run one after the other. */
    public Uni<StoredToken> findForUpdate(SqlClient c, String tokenHash) {
        return c.preparedQuery(
                        """
                        SELECT token_hash, family_id, staff_id, expires_at, rotated_at, revoked_at, session_started_at
                          FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE
                        """)
                .execute(Tuple.of(tokenHash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    var r = rows.iterator().next();
                    return new StoredToken(
                            r.getString("token_hash"),
                            r.getString("family_id"),
                            r.getString("staff_id"),
                            r.getOffsetDateTime("expires_at"),
                            r.getOffsetDateTime("rotated_at"),
                            r.getOffsetDateTime("revoked_at"),
                            r.getOffsetDateTime("session_started_at"));
                });
    }

    public Uni<Void> markRotated(SqlClient c, String tokenHash) {
        return c.preparedQuery("UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1")
                .execute(Tuple.of(tokenHash))
                .replaceWithVoid();
    }

    public Uni<Integer> revokeFamily(SqlClient c, String familyId, String reason) {
        return c.preparedQuery(
                        """
                        UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2
                         WHERE family_id = $1 AND revoked_at IS NULL
                        """)
                .execute(Tuple.of(familyId, reason))
                .map(rows -> rows.rowCount());
    }

    /** Ends every session of one staff member (deactivation, password change). */
    public Uni<Integer> revokeAllOf(SqlClient c, String staffId, String reason) {
        return c.preparedQuery(
                        """
                        UPDATE refresh_tokens SET revoked_at = now(), revoke_reason = $2
                         WHERE staff_id = $1 AND revoked_at IS NULL
                        """)
                .execute(Tuple.of(staffId, reason))
                .map(rows -> rows.rowCount());
    }

    /** Drops rows past expiry (kept a day longer so reuse of a just-expired token is still recognised). */
    public Uni<Integer> deleteExpired(SqlClient c) {
        return c.query("DELETE FROM refresh_tokens WHERE expires_at < now() - interval '1 day'")
                .execute()
                .map(rows -> rows.rowCount());
    }
}
