package com.bellsystems.migration.engine;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the time values real legacy SQLite files hold and writes them for Postgres. Hand-written
 * rather than DateTimeFormatter because device_logs runs it millions of times per job.
 * <p>
 * Accepted: {@code YYYY-MM-DD}, {@code YYYY-MM-DD HH:MM[:SS[.fraction]]} with a space or a
 * {@code T}, optionally followed by {@code Z}, {@code +HH:MM}, {@code +HHMM} or {@code +HH}
 * (no zone means UTC); epoch seconds or milliseconds as numbers or numeric text, told apart by
 * magnitude (at or above 100,000,000,000 it is milliseconds: as seconds that would be year 5138).
 * Values are epoch microseconds, Postgres' own precision.
 */
public final class LegacyTime {

    static final double MILLIS_THRESHOLD = 100_000_000_000d;

    private LegacyTime() {}

    /** Epoch microseconds of {@code raw} (a String, Long, Integer or Double), or throws IllegalArgumentException. */
    public static long toMicros(Object raw) {
        if (raw instanceof Number n) {
            return fromEpochNumber(n.doubleValue(), n instanceof Long || n instanceof Integer ? n.longValue() : null);
        }
        if (raw instanceof String s) {
            return parse(s.trim());
        }
        throw new IllegalArgumentException("unsupported time value " + raw);
    }

    private static long fromEpochNumber(double d, Long exact) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("not a time: " + d);
        }
        if (Math.abs(d) >= MILLIS_THRESHOLD) {
            return exact != null ? Math.multiplyExact(exact, 1000L) : Math.round(d * 1000d);
        }
        return exact != null ? Math.multiplyExact(exact, 1_000_000L) : Math.round(d * 1_000_000d);
    }

    static long parse(String s) {
        int n = s.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty time");
        }
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return parseNumericText(s);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = 0;
        int minute = 0;
        int second = 0;
        long micros = 0;
        int offsetSeconds = 0;
        int i = 10;
        if (i < n) {
            char sep = s.charAt(i);
            if (sep != ' ' && sep != 'T' && sep != 't') {
                throw bad(s);
            }
            i++;
            if (i + 5 > n || s.charAt(i + 2) != ':') {
                throw bad(s);
            }
            hour = digits(s, i, 2);
            minute = digits(s, i + 3, 2);
            i += 5;
            if (i < n && s.charAt(i) == ':') {
                if (i + 3 > n) {
                    throw bad(s);
                }
                second = digits(s, i + 1, 2);
                i += 3;
                if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                    i++;
                    int start = i;
                    long frac = 0;
                    int used = 0;
                    boolean roundUp = false;
                    while (i < n && Character.isDigit(s.charAt(i))) {
                        int d = s.charAt(i) - '0';
                        if (used < 6) {
                            frac = frac * 10 + d;
                            used++;
                        } else if (used == 6 && i == start + 6) {
                            roundUp = d >= 5; // Postgres rounds to microseconds too
                        }
                        i++;
                    }
                    if (i == start) {
                        throw bad(s);
                    }
                    while (used < 6) {
                        frac *= 10;
                        used++;
                    }
                    micros = frac + (roundUp ? 1 : 0);
                }
            }
            if (i < n && s.charAt(i) == ' ') {
                i++; // Python's str() of an aware datetime never has it, hand-written values sometimes do
            }
            if (i < n) {
                char z = s.charAt(i);
                if ((z == 'Z' || z == 'z') && i + 1 == n) {
                    i++;
                } else if (z == '+' || z == '-') {
                    int sign = z == '+' ? 1 : -1;
                    String off = s.substring(i + 1).replace(":", "");
                    int oh;
                    int om = 0;
                    if (off.length() == 2) {
                        oh = digits(off, 0, 2);
                    } else if (off.length() == 4) {
                        oh = digits(off, 0, 2);
                        om = digits(off, 2, 2);
                    } else {
                        throw bad(s);
                    }
                    if (oh > 18 || om > 59) {
                        throw bad(s);
                    }
                    offsetSeconds = sign * (oh * 3600 + om * 60);
                    i = n;
                } else {
                    throw bad(s);
                }
            }
        }
        if (i != n) {
            throw bad(s);
        }
        try {
            LocalDateTime ldt = LocalDateTime.of(year, month, day, hour, minute, second);
            long epochSecond = ldt.toEpochSecond(ZoneOffset.UTC) - offsetSeconds;
            return Math.addExact(Math.multiplyExact(epochSecond, 1_000_000L), micros);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw bad(s);
        }
    }

    private static long parseNumericText(String s) {
        try {
            if (s.indexOf('.') >= 0 || s.indexOf('e') >= 0 || s.indexOf('E') >= 0) {
                return fromEpochNumber(Double.parseDouble(s), null);
            }
            long v = Long.parseLong(s);
            return fromEpochNumber(v, v);
        } catch (NumberFormatException e) {
            throw bad(s);
        }
    }

    private static int digits(String s, int from, int count) {
        if (from + count > s.length()) {
            throw bad(s);
        }
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static IllegalArgumentException bad(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return new IllegalArgumentException("unrecognised time '" + shown + "'");
    }

    /** Appends {@code micros} as {@code YYYY-MM-DD HH:MM:SS.ffffff+00}, which Postgres reads as timestamptz. */
    public static void appendPg(StringBuilder out, long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        int frac = (int) Math.floorMod(micros, 1_000_000L);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1 || year > 9999) {
            // outside four digits Postgres needs BC/extended forms; none of it is real legacy data
            throw new IllegalArgumentException("time out of range: year " + year);
        }
        pad(out, year, 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append(' ');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        pad(out, frac, 6).append("+00");
    }

    public static String toPg(long micros) {
        StringBuilder sb = new StringBuilder(32);
        appendPg(sb, micros);
        return sb.toString();
    }

    private static StringBuilder pad(StringBuilder out, int v, int width) {
        String s = Integer.toString(v);
        for (int k = s.length(); k < width; k++) {
            out.append('0');
        }
        return out.append(s);
    }
}
