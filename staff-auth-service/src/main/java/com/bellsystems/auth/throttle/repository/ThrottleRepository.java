package com.bellsystems.auth.throttle.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;

/** SQL for {@code auth_throttle} (V11). Times come from the caller so that tests can move the clock. */
@ApplicationScoped
public class ThrottleRepository {

    /**
     * Counts one attempt for {@code key}, unless the key is blocked at {@code now}. A key quiet since
     * {@code forgetBefore} starts again at 1. The row stays locked until the transaction ends, so
     * concurrent attempts on one key are counted one after the other.
     *
     * @return the attempts counted so far including this one, or null when the key is blocked
     */
    public Uni<Integer> countAttempt(SqlClient tx, String key, OffsetDateTime now, OffsetDateTime forgetBefore) {
        return tx.preparedQuery(
                        """
                        INSERT INTO auth_throttle AS t (throttle_key, attempts, last_attempt_at)
                        VALUES ($1, 1, $2)
                        ON CONFLICT (throttle_key) DO UPDATE
                           SET attempts = CASE WHEN t.last_attempt_at < $3 THEN 1 ELSE t.attempts + 1 END,
                               last_attempt_at = $2
                         WHERE t.blocked_until IS NULL OR t.blocked_until <= $2
                        RETURNING attempts
                        """)
                .execute(Tuple.of(key, now, forgetBefore))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("attempts"));
    }

    public Uni<Void> blockUntil(SqlClient tx, String key, OffsetDateTime until) {
        return tx.preparedQuery("UPDATE auth_throttle SET blocked_until = $2 WHERE throttle_key = $1")
                .execute(Tuple.of(key, until))
                .replaceWithVoid();
    }

    /** The end of the key's block (the row is already locked by {@link #countAttempt}); null when none. */
    public Uni<OffsetDateTime> blockedUntil(SqlClient tx, String key) {
        return tx.preparedQuery("SELECT blocked_until FROM auth_throttle WHERE throttle_key = $1")
                .execute(Tuple.of(key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    return r.getOffsetDateTime("blocked_until");
                });
    }

    /** Forgets the key (a correct password for this account). */
    public Uni<Void> clear(SqlClient c, String key) {
        return c.preparedQuery("DELETE FROM auth_throttle WHERE throttle_key = $1")
                .execute(Tuple.of(key))
                .replaceWithVoid();
    }

    /**
     * Takes back one counted attempt (a correct password must not use up its address's budget). A
     * block stays while the count is still at or over {@code limit}.
     */
    public Uni<Void> refund(SqlClient c, String key, int limit) {
        return c.preparedQuery(
                        """
                        UPDATE auth_throttle
                           SET attempts = greatest(attempts - 1, 0),
                               blocked_until = CASE WHEN attempts - 1 < $2 THEN NULL ELSE blocked_until END
                         WHERE throttle_key = $1
                        """)
                .execute(Tuple.of(key, limit))
                .replaceWithVoid();
    }

    /** Drops keys quiet since {@code forgetBefore} whose block (if any) has ended. */
    public Uni<Integer> deleteQuiet(SqlClient c, OffsetDateTime forgetBefore, OffsetDateTime now) {
        return c.preparedQuery(
                        """
                        DELETE FROM auth_throttle
                         WHERE last_attempt_at < $1 AND (blocked_until IS NULL OR blocked_until <= $2)
                        """)
                .execute(Tuple.of(forgetBefore, now))
                .map(rows -> rows.rowCount());
    }
}
