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
 * {@code YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ}). Rendered straight into the output line (or a reused buffer);
 * the zone offset is cached per wall-clock hour and the date and time per second, so the hot path neither
 * allocates nor divides by a variable. As a number (JSON) the value is the epoch ns.
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
    /** Date and time of {@link #cachedSecond}: the part before the fraction. */
    private String prefix = "";

    TimeField(String name, ZoneId zone, Style style) {
        super(name, FieldType.CHARBUF);
        this.rules = zone.getRules();
        this.style = style;
    }

    @Override
    public boolean eval(EventView e) {
        num = e.ts();
        sb.setLength(0);
        appendTo(sb, e);
        text = sb;
        return true;
    }

    @Override
    public boolean appendTo(StringBuilder out, EventView e) {
        long ts = e.ts();
        long hour = Math.floorDiv(ts, HOUR_NS);
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedOffsetNs = rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L))).getTotalSeconds()
                    * 1_000_000_000L;
        }
        long local = ts + cachedOffsetNs;
        long secs = Math.floorDiv(local, 1_000_000_000L);
        if (secs != cachedSecond) {
            cachedSecond = secs;
            prefix = prefix(secs); // date and HH:MM:SS change once a second; the nanoseconds every event
        }
        out.append(prefix);
        if (style != Style.TIME_S && style != Style.DATETIME_S) {
            // the nine digits with their leading zeros: 10^9 + ns printed by the JDK's digit-pair conversion,
            // its leading 1 then overwritten by the dot (the digits as a char[] were 5% of a default-format run)
            int dot = out.length();
            out.append(1_000_000_000L + Math.floorMod(local, 1_000_000_000L));
            out.setCharAt(dot, '.');
        }
        if (style == Style.ISO8601) out.append('Z');
        return true;
    }

    /** The part before the fraction for local second {@code secs}. */
    private String prefix(long secs) {
        long day = Math.floorDiv(secs, 86_400L);
        long secOfDay = Math.floorMod(secs, 86_400L);
        StringBuilder p = new StringBuilder(20);
        if (style == Style.DATETIME || style == Style.DATETIME_S || style == Style.ISO8601) {
            String d = LocalDate.ofEpochDay(day).toString();
            p.append(d, 0, Math.min(10, d.length()));
            p.append(style == Style.ISO8601 ? 'T' : ' ');
        }
        two(p, secOfDay / 3600);
        p.append(':');
        two(p, secOfDay / 60 % 60);
        p.append(':');
        two(p, secOfDay % 60);
        return p.toString();
    }

    private static void two(StringBuilder p, long v) {
        p.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    @Override
    public boolean jsonNumber() {
        return style == Style.TIME;
    }
}
