package com.bellsystems.crm.support;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Rows already rendered as API JSON, each under the row version it was rendered from (Postgres'
 * {@code xmin}, which every INSERT and UPDATE of the row changes, whichever code path writes it). A
 * list reads the page's ids and versions from Postgres and has it render only the rows whose version
 * it has not seen: rendering (row_to_json) was most of a list query's cost in Postgres, while the rows
 * of the pages staff look at change far less often than they are listed. A stale entry is never
 * served, because the version comes from the same query as the page; a changed row simply misses.
 * Metrics: {@code cache_gets_total{cache="crm_rendered_rows"}}, {@code cache_size}, {@code cache_evictions_total}.
 */
@ApplicationScoped
public class RenderedRows {

    /** One rendered row: the version it was rendered from and its JSON (UTF-8). */
    public record Rendered(String version, byte[] json) {}

    private final Cache<String, Rendered> rendered;

    public RenderedRows(
            MeterRegistry registry,
            @ConfigProperty(name = "bellsys.crm.rendered-rows.max-bytes", defaultValue = "67108864") long maxBytes) {
        this.rendered = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, Rendered r) -> key.length() + r.json.length + 64)
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, rendered, "crm_rendered_rows");
    }

    /** The row as last rendered (the caller checks its version against the row's), or null. */
    public Rendered get(Table t, String id) {
        return rendered.getIfPresent(key(t, id));
    }

    public void put(Table t, String id, String version, byte[] json) {
        rendered.put(key(t, id), new Rendered(version, json));
    }

    private static String key(Table t, String id) {
        return t.name() + '/' + id;
    }
}
