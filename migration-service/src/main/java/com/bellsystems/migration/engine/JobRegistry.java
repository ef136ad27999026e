package com.bellsystems.migration.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every migration job, in the spec's order: the jobs of every {@link JobCatalog} bean, sorted by
 * phase (a stable sort, so each catalog's own order holds within its phase). New sources plug in
 * with a catalog bean; nothing here changes.
 */
@ApplicationScoped
public class JobRegistry {

    private final List<MigrationJob> jobs;

    public JobRegistry(Instance<JobCatalog> catalogs) {
        List<MigrationJob> all = new ArrayList<>();
        catalogs.forEach(c -> all.addAll(c.jobs()));
        all.sort(Comparator.comparingInt(MigrationJob::phase));
        this.jobs = Collections.unmodifiableList(all);
    }

    public List<MigrationJob> all() {
        return jobs;
    }

    public Optional<MigrationJob> job(String name) {
        return jobs.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    /** The jobs of a phase in run order; empty for an unknown phase. */
    public List<MigrationJob> phase(int phase) {
        return jobs.stream().filter(j -> j.phase() == phase).toList();
    }
}
