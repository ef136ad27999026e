package com.bellsystems.auth.features.service;

import com.bellsystems.auth.features.PublicFeature;
import com.bellsystems.auth.features.repository.PublicFeaturesRepository;
import com.bellsystems.auth.support.Caller;
import com.bellsystems.auth.support.Jsons;
import com.bellsystems.common.audit.AuditAction;
import com.bellsystems.common.audit.AuditEntry;
import com.bellsystems.common.audit.AuditWriter;
import com.bellsystems.common.audit.ChangeDiff;
import com.bellsystems.common.outbox.MirrorFields;
import com.bellsystems.common.outbox.OutboxWriter;
import com.bellsystems.common.paging.OffsetPage;
import com.bellsystems.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Public feature flags: typed (enabled is a boolean, config an object), audited as
 * {@code public_feature}. During the rollback window each change also writes that one feature's
 * field of the legacy document ({@code bellsys.mirror.public_features.document}, default
 * {@code settings/public_features}) in the shape the document holds it (see MirrorFields.flag).
 */
@ApplicationScoped
public class PublicFeaturesService {

    static final Pattern FEATURE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    static final int MAX_CONFIG_CHARS = 64 * 1024;

    private final Pool pool;
    private final PublicFeaturesRepository repo;
    /** The switch of this mirror: {@code bellsys.mirror.public_features.enabled}. */
    public static final String MIRROR = "public_features";

    private final AuditWriter audit;
    private final OutboxWriter outbox;
    private final String document;

    public PublicFeaturesService(
            Pool pool,
            PublicFeaturesRepository repo,
            AuditWriter audit,
            OutboxWriter outbox,
            @ConfigProperty(name = "bellsys.mirror.public_features.document", defaultValue = "settings/public_features")
                    String document) {
        this.pool = pool;
        this.repo = repo;
        this.audit = audit;
        this.outbox = outbox;
        this.document = document;
    }

    public Uni<OffsetPage<PublicFeature>> list(int page, int size) {
        return repo.list(pool, page, size)
                .flatMap(items -> repo.count(pool).map(total -> OffsetPage.counted(items, page, size, total)));
    }

    public Uni<PublicFeature> get(String feature) {
        validName(feature);
        return repo.find(pool, feature, false).map(f -> {
            if (f == null) {
                throw ProblemException.notFound("Public feature", feature);
            }
            return f;
        });
    }

    /** Sets the flag; {@code config} absent keeps the stored config (or {} for a new feature). */
    public Uni<PublicFeature> put(Caller caller, String feature, Boolean enabled, Map<String, Object> config) {
        validName(feature);
        if (enabled == null) {
            throw ProblemException.invalidField("enabled", "is required (true or false)");
        }
        if (config != null && Jsons.encode(config).length() > MAX_CONFIG_CHARS) {
            throw ProblemException.invalidField(
                    "config", "must be at most " + MAX_CONFIG_CHARS + " characters of JSON");
        }
        return pool.withTransaction(tx -> repo.find(tx, feature, true).flatMap(before -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> newConfig = config != null
                    ? (Map<String, Object>) Jsons.plain(config)
                    : before != null ? before.config() : Map.of();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("enabled", enabled);
            after.put("config", newConfig);
            Map<String, Object> changes = ChangeDiff.between(before == null ? Map.of() : before.snapshot(), after);
            if (before != null && changes.isEmpty()) {
                return Uni.createFrom().item(before);
            }
            return repo.upsert(tx, feature, enabled, newConfig, caller.actor().id())
                    .call(saved -> audit.log(
                            tx,
                            new AuditEntry(
                                    caller.actor(),
                                    AuditAction.UPDATE,
                                    "public_feature",
                                    feature,
                                    feature,
                                    changes,
                                    caller.meta())))
                    .call(saved -> outbox.merge(
                            tx, MIRROR, document, MirrorFields.create().flag(feature, enabled, newConfig)));
        }));
    }

    static void validName(String feature) {
        if (feature == null || !FEATURE.matcher(feature).matches()) {
            throw ProblemException.invalidField(
                    "feature", "must start with a letter and use only letters, digits, '_', '.' or '-' (at most 100)");
        }
    }
}
