package com.bellsystems.common.paging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * One page of a newest-first log paged by {@link KeysetCursor}, the one keyset page of every
 * service: {@code {"items": [...], "limit": 50, "next_cursor": "..."}}. {@code next_cursor} is
 * always present (null on the last page); passing it back continues right after the last item,
 * however deep, without an OFFSET scan. {@code offset} is given only by lists that also accept
 * the plan's {@code limit/offset} paging (the audit log).
 */
@RegisterForReflection
public record KeysetPage<T>(
        List<T> items,
        int limit,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer offset,
        @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    public static <T> KeysetPage<T> of(List<T> items, int limit, String nextCursor) {
        return new KeysetPage<>(items, limit, null, nextCursor);
    }
}
