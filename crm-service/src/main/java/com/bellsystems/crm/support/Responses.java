package com.bellsystems.crm.support;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;

/** The HTTP shape of a record: its body plus its ETag, and Location on create. */
public final class Responses {

    private Responses() {}

    public static Response ok(Map<String, Object> row) {
        return withTag(Response.ok(row), row).build();
    }

    public static Response created(String base, String id, Map<String, Object> row) {
        return withTag(Response.created(URI.create(base + "/" + id)).entity(row), row)
                .build();
    }

    public static Response noContent() {
        return Response.noContent().build();
    }

    private static Response.ResponseBuilder withTag(Response.ResponseBuilder builder, Map<String, Object> row) {
        String etag = Versions.etag(row);
        return etag == null ? builder : builder.header("ETag", etag);
    }

    /** {@code %text%} for ILIKE, with the pattern characters in the user's text taken literally. */
    public static String contains(String text) {
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
