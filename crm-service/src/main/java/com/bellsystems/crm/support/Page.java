package com.bellsystems.crm.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list endpoint: {@code {"items": [...], "page": 0, "size": 50, "has_more": false}}.
 * {@code has_more} avoids a count(*) on every list request.
 * <p>
 * The generic lists ({@link CrudStore#list}) have Postgres render the items as JSON text already
 * ({@code rawItems}), which is written as it is instead of being parsed into maps and serialized again.
 */
@RegisterForReflection
@JsonSerialize(using = Page.Writer.class)
public record Page(List<Map<String, Object>> items, int page, int size,
                   @com.fasterxml.jackson.annotation.JsonProperty("has_more") boolean hasMore,
                   @JsonIgnore @Schema(hidden = true) String rawItems) {

    public Page(List<Map<String, Object>> items, int page, int size, boolean hasMore) {
        this(items, page, size, hasMore, null);
    }

    /** A page whose items are a JSON array text rendered by Postgres. */
    public static Page raw(String itemsJson, int page, int size, boolean hasMore) {
        return new Page(null, page, size, hasMore, itemsJson);
    }

    /** Writes the page envelope; raw items are copied as they are. */
    public static final class Writer extends JsonSerializer<Page> {
        @Override
        public void serialize(Page p, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("items");
            if (p.rawItems != null) {
                gen.writeRawValue(p.rawItems);
            } else if (p.items == null) {
                gen.writeStartArray();
                gen.writeEndArray();
            } else {
                provider.defaultSerializeValue(p.items, gen);
            }
            gen.writeNumberField("page", p.page);
            gen.writeNumberField("size", p.size);
            gen.writeBooleanField("has_more", p.hasMore);
            gen.writeEndObject();
        }
    }
}
