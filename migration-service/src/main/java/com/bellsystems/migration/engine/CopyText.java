package com.bellsystems.migration.engine;

import java.math.BigDecimal;
import java.util.List;

/** Writes converted values in COPY's text format (NULL is \N; backslash, tab, CR and LF escaped). */
public final class CopyText {

    private CopyText() {}

    public static void append(StringBuilder buf, PgType type, Object v) {
        if (v == null) {
            buf.append("\\N");
            return;
        }
        switch (type) {
            case TIMESTAMPTZ -> LegacyTime.appendPg(buf, (Long) v);
            case BOOL -> buf.append((Boolean) v ? 't' : 'f');
            case NUMERIC -> buf.append(((BigDecimal) v).toPlainString());
            case BIGINT -> buf.append((long) (Long) v);
            case TEXT_ARRAY -> escaped(buf, arrayLiteral((List<?>) v));
            default -> escaped(buf, (String) v);
        }
    }

    /** A Postgres array literal: every element quoted, quotes and backslashes escaped inside. */
    public static String arrayLiteral(List<?> items) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"');
            String s = String.valueOf(items.get(i));
            for (int k = 0; k < s.length(); k++) {
                char ch = s.charAt(k);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void escaped(StringBuilder buf, String s) {
        for (int i = 0, len = s.length(); i < len; i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> buf.append("\\\\");
                case '\t' -> buf.append("\\t");
                case '\n' -> buf.append("\\n");
                case '\r' -> buf.append("\\r");
                default -> buf.append(ch);
            }
        }
    }
}
