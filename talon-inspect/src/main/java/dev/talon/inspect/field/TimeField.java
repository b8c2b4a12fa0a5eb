package dev.talon.inspect.field;

import dev.talon.event.EventView;
import dev.talon.filter.FieldType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * evt.time / evt.outputtime ({@code HH:MM:SS.nnnnnnnnn} in the local zone), evt.time.s, evt.datetime
 * ({@code YYYY-MM-DD HH:MM:SS.nnnnnnnnn}), evt.datetime.s and evt.time.iso8601 (UTC,
 * {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}). Rendered into a reused buffer; the zone offset is cached per
 * wall-clock hour and the date and time per second, so the hot path neither allocates nor divides by a variable. As a number (JSON) the value is the epoch ns.
 */
final class TimeField extends Field {
    enum Style { TIME, TIME_S, DATETIME, DATETIME_S, ISO8601 }

    private static final long HOUR_NS = 3_600_000_000_000L;
    private final ZoneRules rules;
    private final Style style;
    private final StringBuilder sb = new StringBuilder(40);
    private long cachedHour = Long.MIN_VALUE;
    private long cachedOffsetNs;
    private long cachedSecond = Long.MIN_VALUE;
    /** The rendered value: date and time of {@link #cachedSecond} in front (its length is {@link #prefix}), then the fraction. */
    private final char[] out = new char[40];
    private int prefix;

    TimeField(String name, ZoneId zone, Style style) {
        super(name, FieldType.CHARBUF);
        this.rules = zone.getRules();
        this.style = style;
    }

    @Override
    public boolean eval(EventView e) {
        long ts = e.ts();
        num = ts;
        sb.setLength(0);
        long hour = Math.floorDiv(ts, HOUR_NS);
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedOffsetNs = rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L))).getTotalSeconds()
                    * 1_000_000_000L;
        }
        long local = ts + cachedOffsetNs;
        long ns = Math.floorMod(local, 1_000_000_000L);
        long secs = Math.floorDiv(local, 1_000_000_000L);
        if (secs != cachedSecond) {
            cachedSecond = secs;
            prefix = prefix(secs); // date and HH:MM:SS change once a second; the nanoseconds every event
        }
        int n = prefix;
        if (style != Style.TIME_S && style != Style.DATETIME_S) {
            out[n] = '.';
            // constant divisors: the JIT turns them into multiplications (a variable power of ten did not)
            for (int k = n + 9; k > n; k--) {
                out[k] = (char) ('0' + ns % 10);
                ns /= 10;
            }
            n += 10;
        }
        if (style == Style.ISO8601) out[n++] = 'Z';
        sb.append(out, 0, n);
        text = sb;
        return true;
    }

    /** Writes the part before the fraction for local second {@code secs} into {@link #out}; returns its length. */
    private int prefix(long secs) {
        long day = Math.floorDiv(secs, 86_400L);
        long secOfDay = Math.floorMod(secs, 86_400L);
        int n = 0;
        if (style == Style.DATETIME || style == Style.DATETIME_S || style == Style.ISO8601) {
            String d = LocalDate.ofEpochDay(day).toString();
            int len = Math.min(10, d.length());
            d.getChars(0, len, out, 0);
            n = len;
            out[n++] = style == Style.ISO8601 ? 'T' : ' ';
        }
        n = two(out, n, secOfDay / 3600);
        out[n++] = ':';
        n = two(out, n, secOfDay / 60 % 60);
        out[n++] = ':';
        return two(out, n, secOfDay % 60);
    }

    private static int two(char[] out, int at, long v) {
        out[at] = (char) ('0' + v / 10);
        out[at + 1] = (char) ('0' + v % 10);
        return at + 2;
    }

    @Override
    public boolean jsonNumber() {
        return style == Style.TIME;
    }
}
