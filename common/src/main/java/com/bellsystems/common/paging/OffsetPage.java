package com.bellsystems.common.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of a short list paged by number ({@code ?page=&size=}), the one offset page of every
 * service: {@code {"items": [...], "page": 0, "size": 50, "total": 120}}. A list that can count
 * cheaply gives {@code total}; one that cannot (crm's large lists) gives {@code has_more} instead,
 * so the field it does not know is left out rather than guessed.
 */
@RegisterForReflection
public record OffsetPage<T>(
        List<T> items,
        int page,
        int size,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long total,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean hasMore) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    /** A page of a list whose total is counted. */
    public static <T> OffsetPage<T> counted(List<T> items, int page, int size, long total) {
        return new OffsetPage<>(items, page, size, total, null);
    }

    /**
     * An uncounted page whose items Postgres rendered as one JSON array (UTF-8), written to the
     * response as they are ({@link RenderedJsonArray}).
     */
    public static <T> OffsetPage<T> rendered(byte[] itemsJsonArray, int page, int size, boolean hasMore) {
        return new OffsetPage<>(new RenderedJsonArray<>(itemsJsonArray), page, size, null, hasMore);
    }

    /** A page of a list that is not counted: whether more follow (one row read past the page). */
    public static <T> OffsetPage<T> open(List<T> items, int page, int size, boolean hasMore) {
        return new OffsetPage<>(items, page, size, null, hasMore);
    }
}
