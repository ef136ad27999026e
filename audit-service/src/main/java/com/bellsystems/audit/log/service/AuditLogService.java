package com.bellsystems.audit.log.service;

import com.bellsystems.audit.log.AuditQuery;
import com.bellsystems.audit.log.AuditRecord;
import com.bellsystems.audit.log.repository.AuditLogRepository;
import com.bellsystems.common.paging.KeysetCursor;
import com.bellsystems.common.paging.KeysetPage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Pages and exports the audit log. The log is append-only and read-only here, so there is no
 * transaction: each page is one indexed query.
 */
@ApplicationScoped
public class AuditLogService {

    /** Rows per query while exporting: big enough to amortise the round trip, small enough to hold. */
    static final int EXPORT_BATCH = 1_000;

    private final AuditLogRepository repository;

    public AuditLogService(AuditLogRepository repository) {
        this.repository = repository;
    }

    /** One page; reads one row more than asked to know whether a next page exists. */
    public Uni<KeysetPage<AuditRecord>> page(AuditQuery query) {
        return repository
                .find(query, query.cursor(), query.limit() + 1, query.offset())
                .map(rows -> {
                    boolean more = rows.size() > query.limit();
                    List<AuditRecord> items = more ? rows.subList(0, query.limit()) : rows;
                    String next = more ? after(items.get(items.size() - 1)).encode() : null;
                    return new KeysetPage<>(List.copyOf(items), query.limit(), query.offset(), next);
                });
    }

    /**
     * Every matching row as CSV, header first. Rows are fetched lazily in keyset batches, one batch
     * per downstream request, so memory stays at one batch whatever the size of the log, no
     * connection is held between batches, and rows written during the export (all newer than its
     * start) never shift the batches.
     */
    public Multi<String> exportCsv(AuditQuery query) {
        Multi<String> batches = Multi.createBy()
                .repeating()
                .uni(() -> new ExportState(query.cursor()), state -> nextBatch(query, state))
                .until(String::isEmpty);
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(AuditCsv.HEADER), batches);
    }

    private Uni<String> nextBatch(AuditQuery query, ExportState state) {
        if (state.done) {
            return Uni.createFrom().item("");
        }
        return repository.find(query, state.after, EXPORT_BATCH, 0).map(rows -> {
            if (rows.size() < EXPORT_BATCH) {
                state.done = true;
            }
            if (rows.isEmpty()) {
                return "";
            }
            state.after = after(rows.get(rows.size() - 1));
            StringBuilder chunk = new StringBuilder(rows.size() * 200);
            rows.forEach(r -> chunk.append(AuditCsv.row(r)));
            return chunk.toString();
        });
    }

    /** Where an export has got to. */
    private static final class ExportState {
        KeysetCursor after;
        boolean done;

        ExportState(KeysetCursor start) {
            this.after = start;
        }
    }

    /** The cursor after the last row of a page. */
    private static KeysetCursor after(AuditRecord last) {
        return new KeysetCursor(last.occurredAt(), last.id());
    }
}
