package com.bellsystems.common.paging;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.List;

/**
 * The items of a page that Postgres has already rendered as a JSON array (UTF-8 bytes), for
 * {@link OffsetPage#rendered}: written to the response byte for byte instead of being parsed into
 * maps and serialized again (rendering was most of a crm list request's cost). It is still a
 * {@code List}: code that reads the items (tests, a caller that filters) gets them parsed, once,
 * on first access.
 */
@RegisterForReflection
@JsonSerialize(using = RenderedJsonArray.Writer.class)
public final class RenderedJsonArray<T> extends AbstractList<T> {

    private static final ObjectMapper PARSER = new ObjectMapper();

    private final byte[] utf8;
    private volatile List<T> parsed;

    public RenderedJsonArray(byte[] jsonArrayUtf8) {
        this.utf8 = jsonArrayUtf8;
    }

    @Override
    public T get(int index) {
        return items().get(index);
    }

    @Override
    public int size() {
        return items().size();
    }

    private List<T> items() {
        List<T> items = parsed;
        if (items == null) {
            try {
                items = PARSER.readValue(utf8, new TypeReference<List<T>>() {});
            } catch (IOException e) {
                throw new UncheckedIOException("rendered items are not a JSON array", e);
            }
            parsed = items;
        }
        return items;
    }

    /** Writes the array as it is. */
    public static final class Writer extends JsonSerializer<RenderedJsonArray<?>> {
        @Override
        public void serialize(RenderedJsonArray<?> items, JsonGenerator gen, SerializerProvider provider)
                throws IOException {
            gen.writeRawValue(new RawUtf8Json(items.utf8));
        }
    }

    /** JSON that is already UTF-8 bytes, for {@code writeRawValue}: written unquoted, byte for byte. */
    private static final class RawUtf8Json implements SerializableString {
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
