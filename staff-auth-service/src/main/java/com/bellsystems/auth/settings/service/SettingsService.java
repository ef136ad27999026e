package com.bellsystems.auth.settings.service;

import com.bellsystems.auth.settings.Setting;
import com.bellsystems.auth.settings.repository.SettingsRepository;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.auth.support.Jsons;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.outbox.FieldType;
import com.bellsystems.common.outbox.MirrorFields;
import com.bellsystems.common.outbox.OutboxWriter;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Console settings: one row per key, any JSON value. Keys are identifiers and values are bounded
 * in size; each write, its audit row (entity {@code setting}) and, during the rollback window, the
 * Firestore write of that one field of the legacy settings document
 * ({@code bellsys.mirror.console_settings.document}, default {@code settings/console}, the document
 * Phase 2 read a row per field from) commit together.
 */
@ApplicationScoped
public class SettingsService {

    static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    static final int MAX_VALUE_CHARS = 64 * 1024;

    private final Pool pool;
    private final SettingsRepository repo;
    /** The switch of this mirror: {@code bellsys.mirror.console_settings.enabled}. */
    public static final String MIRROR = "console_settings";

    private final AuditWriter audit;
    private final OutboxWriter outbox;
    private final String document;

    public SettingsService(
            Pool pool,
            SettingsRepository repo,
            AuditWriter audit,
            OutboxWriter outbox,
            @ConfigProperty(name = "bellsys.mirror.console_settings.document", defaultValue = "settings/console")
                    String document) {
        this.pool = pool;
        this.repo = repo;
        this.audit = audit;
        this.outbox = outbox;
        this.document = document;
    }

    public Uni<OffsetPage<Setting>> list(int page, int size) {
        return repo.list(pool, page, size)
                .flatMap(items -> repo.count(pool).map(total -> OffsetPage.counted(items, page, size, total)));
    }

    public Uni<Setting> get(String key) {
        validKey(key);
        return repo.find(pool, key, false).map(s -> {
            if (s == null) {
                throw ProblemException.notFound("Setting", key);
            }
            return s;
        });
    }

    public Uni<Setting> put(Caller caller, String key, Object value) {
        validKey(key);
        if (value == null) {
            throw ProblemException.invalidField("value", "is required (any JSON value but null)");
        }
        if (Jsons.encode(value).length() > MAX_VALUE_CHARS) {
            throw ProblemException.invalidField("value", "must be at most " + MAX_VALUE_CHARS + " characters of JSON");
        }
        Object plain = Jsons.plain(value);
        return pool.withTransaction(tx -> repo.find(tx, key, true).flatMap(before -> {
            Map<String, Object> old = new HashMap<>();
            old.put("value", before == null ? null : before.value());
            Map<String, Object> changes = ChangeDiff.between(old, Map.of("value", plain));
            if (changes.isEmpty()) {
                return Uni.createFrom().item(before);
            }
            return repo.upsert(tx, key, plain, caller.actor().id())
                    .call(saved -> audit.log(
                            tx,
                            new AuditEntry(
                                    caller.actor(), AuditAction.UPDATE, "setting", key, key, changes, caller.meta())))
                    .call(saved -> outbox.merge(
                            tx, MIRROR, document, MirrorFields.create().put(key, FieldType.JSON, plain)));
        }));
    }

    static void validKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ProblemException.invalidField(
                    "key", "must start with a letter and use only letters, digits, '_', '.' or '-' (at most 100)");
        }
    }
}
