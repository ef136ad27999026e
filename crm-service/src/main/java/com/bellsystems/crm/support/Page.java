package com.bellsystems.crm.support;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** One page of a list endpoint. {@code has_more} avoids a count(*) on every list request. */
@RegisterForReflection
public record Page(List<Map<String, Object>> items, int page, int size,
                   @com.fasterxml.jackson.annotation.JsonProperty("has_more") boolean hasMore) {
}
