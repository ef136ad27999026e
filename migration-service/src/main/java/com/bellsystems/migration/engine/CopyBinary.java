package com.bellsystems.migration.engine;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Writes converted values in COPY's binary format, for the column types whose binary form is
 * plain: text and varchar (UTF-8 bytes), bigint, boolean, timestamptz (microseconds since
 * 2000-01-01 UTC) and jsonb (version 1 and the JSON text). Any other column makes the load use
 * {@link CopyText}. Values are the Java values of {@link PgType}.
 */
public final class CopyBinary {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z in Unix epoch microseconds: Postgres' timestamp epoch. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    /** The years the text form writes (four digits); the same bounds here, so both formats refuse alike. */
    private static final long MIN_MICROS = LocalDateTime.of(1, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

    private static final long END_MICROS =
            LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

    private CopyBinary() {}

    /** Writes one column's values. */
    @FunctionalInterface
    public interface Column {
        void write(Buffer out, Object v);
    }

    /**
     * The writer for a value of {@code type} into a column whose Postgres type is {@code pgType}
     * ({@code format_type} without modifier), or null when there is no binary form here.
     */
    public static Column column(PgType type, String pgType) {
        if (pgType == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> pgType.equals("text") || pgType.equals("character varying") ? CopyBinary::text : null;
            case BIGINT -> pgType.equals("bigint") ? CopyBinary::int8 : null;
            case BOOL -> pgType.equals("boolean") ? CopyBinary::bool : null;
            case TIMESTAMPTZ -> pgType.equals("timestamp with time zone") ? CopyBinary::timestamptz : null;
            case JSONB -> pgType.equals("jsonb") ? CopyBinary::jsonb : null;
            default -> null;
        };
    }

    private static void text(Buffer out, Object v) {
        if (v == null) {
            out.putInt(-1);
        } else {
            out.putUtf8((String) v, false);
        }
    }

    private static void jsonb(Buffer out, Object v) {
        if (v == null) {
            out.putInt(-1);
        } else {
            out.putUtf8((String) v, true);
        }
    }

    private static void int8(Buffer out, Object v) {
        if (v == null) {
            out.putInt(-1);
        } else {
            out.putInt(8);
            out.putLong((Long) v);
        }
    }

    private static void bool(Buffer out, Object v) {
        if (v == null) {
            out.putInt(-1);
        } else {
            out.putInt(1);
            out.putByte((Boolean) v ? 1 : 0);
        }
    }

    private static void timestamptz(Buffer out, Object v) {
        if (v == null) {
            out.putInt(-1);
            return;
        }
        long micros = (Long) v;
        if (micros < MIN_MICROS || micros >= END_MICROS) {
            // the same refusal as the text form's
            LegacyTime.toPg(micros);
        }
        out.putInt(8);
        out.putLong(micros - PG_EPOCH_MICROS);
    }

    /** A growable byte buffer in network byte order. */
    public static final class Buffer {
        private byte[] b;
        private int n;

        public Buffer(int capacity) {
            b = new byte[capacity];
        }

        public byte[] array() {
            return b;
        }

        public int size() {
            return n;
        }

        public void clear() {
            n = 0;
        }

        /** The file header: signature, no flags, no extension. */
        void header() {
            ensure(SIGNATURE.length + 8);
            System.arraycopy(SIGNATURE, 0, b, n, SIGNATURE.length);
            n += SIGNATURE.length;
            putInt(0);
            putInt(0);
        }

        void rowStart(int fields) {
            putShort(fields);
        }

        void trailer() {
            putShort(-1);
        }

        void putByte(int v) {
            ensure(1);
            b[n++] = (byte) v;
        }

        void putShort(int v) {
            ensure(2);
            b[n++] = (byte) (v >>> 8);
            b[n++] = (byte) v;
        }

        void putInt(int v) {
            ensure(4);
            b[n++] = (byte) (v >>> 24);
            b[n++] = (byte) (v >>> 16);
            b[n++] = (byte) (v >>> 8);
            b[n++] = (byte) v;
        }

        void putLong(long v) {
            putInt((int) (v >>> 32));
            putInt((int) v);
        }

        /** A length-prefixed UTF-8 string (after the jsonb version byte when asked). */
        void putUtf8(String s, boolean jsonbVersion) {
            int len = s.length();
            int extra = jsonbVersion ? 1 : 0;
            ensure(4 + extra + len);
            int at = n;
            n += 4;
            if (jsonbVersion) {
                b[n++] = 1;
            }
            // ASCII is copied as is; the first other char sends the whole string through the encoder
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    n = at + 4 + extra;
                    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                    ensure(utf8.length);
                    System.arraycopy(utf8, 0, b, n, utf8.length);
                    n += utf8.length;
                    break;
                }
                b[n++] = (byte) c;
            }
            int bytes = n - at - 4;
            b[at] = (byte) (bytes >>> 24);
            b[at + 1] = (byte) (bytes >>> 16);
            b[at + 2] = (byte) (bytes >>> 8);
            b[at + 3] = (byte) bytes;
        }

        private void ensure(int more) {
            if (n + more > b.length) {
                b = Arrays.copyOf(b, Math.max(b.length * 2, n + more));
            }
        }
    }
}
