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
 * wall-clock hour so the hot path does not allocate. As a number (JSON) the value is the epoch ns.
 */
final class TimeField extends Field {
    enum Style { TIME, TIME_S, DATETIME, DATETIME_S, ISO8601 }

    private static final long HOUR_NS = 3_600_000_000_000L;
    private final ZoneRules rules;
    private final Style style;
    private final StringBuilder sb = new StringBuilder(40);
    private long cachedHour = Long.MIN_VALUE;
    private long cachedOffsetNs;
    private long cachedDay = Long.MIN_VALUE;
    private final char[] date = new char[10];

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
        long day = Math.floorDiv(secs, 86_400L);
        long secOfDay = Math.floorMod(secs, 86_400L);
        if (style == Style.DATETIME || style == Style.DATETIME_S || style == Style.ISO8601) {
            if (day != cachedDay) {
                cachedDay = day;
                String d = LocalDate.ofEpochDay(day).toString();
                d.getChars(0, Math.min(10, d.length()), date, 0);
            }
            sb.append(date);
            sb.append(style == Style.ISO8601 ? 'T' : ' ');
        }
        two(sb, secOfDay / 3600);
        sb.append(':');
        two(sb, secOfDay / 60 % 60);
        sb.append(':');
        two(sb, secOfDay % 60);
        if (style != Style.TIME_S && style != Style.DATETIME_S) {
            sb.append('.');
            for (long p = 100_000_000L; p > 0; p /= 10) sb.append((char) ('0' + ns / p % 10));
        }
        if (style == Style.ISO8601) sb.append('Z');
        text = sb;
        return true;
    }

    @Override
    public boolean jsonNumber() {
        return style == Style.TIME;
    }

    private static void two(StringBuilder sb, long v) {
        sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
