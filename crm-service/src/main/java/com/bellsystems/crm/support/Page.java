package com.bellsystems.crm.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a list endpoint: {@code {"items": [...], "page": 0, "size": 50, "has_more": false}}.
 * {@code has_more} avoids a count(*) on every list request.
 * <p>
 * The generic lists ({@link TableReader#list}) have Postgres render the items as JSON already
 * ({@code rawItems}, UTF-8 bytes), which are copied to the response as they are instead of being
 * parsed into maps and serialized again, or decoded to a String and encoded back.
 */
@RegisterForReflection
@JsonSerialize(using = Page.Writer.class)
public record Page(
        List<Map<String, Object>> items,
        int page,
        int size,
        @com.fasterxml.jackson.annotation.JsonProperty("has_more") boolean hasMore,
        @JsonIgnore @Schema(hidden = true) byte[] rawItems) {

    public Page(List<Map<String, Object>> items, int page, int size, boolean hasMore) {
        this(items, page, size, hasMore, null);
    }

    /** A page whose items are a JSON array (UTF-8) rendered by Postgres. */
    public static Page raw(byte[] itemsJson, int page, int size, boolean hasMore) {
        return new Page(null, page, size, hasMore, itemsJson);
    }

    /** Writes the page envelope; raw items are copied as they are. */
    public static final class Writer extends JsonSerializer<Page> {
        @Override
        public void serialize(Page p, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            gen.writeFieldName("items");
            if (p.rawItems != null) {
                gen.writeRawValue(new RawUtf8Json(p.rawItems));
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

    /** JSON that is already UTF-8 bytes, for {@code writeRawValue}: written unquoted, byte for byte. */
    static final class RawUtf8Json implements SerializableString {
        private final byte[] utf8;

        RawUtf8Json(byte[] utf8) {
            this.utf8 = utf8;
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1; // the generator then writes asUnquotedUTF8() itself
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }

        // Character and quoted forms, which raw values never need, are derived from the text.
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            return new SerializedString(getValue()).asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return new SerializedString(getValue()).asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return new SerializedString(getValue()).appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return new SerializedString(getValue()).writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return new SerializedString(getValue()).putQuotedUTF8(buffer);
        }
    }
}
