package dev.talon.inspect.field;

import dev.talon.event.EventView;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * evt.outputtime / evt.time: {@code HH:MM:SS.nnnnnnnnn} in the local time zone as text, epoch ns as a
 * number (JSON). The zone offset is cached per wall-clock hour so the hot path does not allocate.
 */
final class TimeField implements Field {
    private static final long HOUR_NS = 3_600_000_000_000L;
    private final String name;
    private final ZoneRules rules;
    private long cachedHour = Long.MIN_VALUE;
    private long cachedOffsetNs;

    TimeField(String name, ZoneId zone) {
        this.name = name;
        this.rules = zone.getRules();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean numeric() {
        return true;
    }

    @Override
    public long number(EventView e) {
        return e.ts();
    }

    @Override
    public boolean append(StringBuilder sb, EventView e) {
        long ts = e.ts();
        long hour = Math.floorDiv(ts, HOUR_NS);
        if (hour != cachedHour) {
            cachedHour = hour;
            cachedOffsetNs = rules.getOffset(Instant.ofEpochSecond(Math.floorDiv(ts, 1_000_000_000L))).getTotalSeconds()
                    * 1_000_000_000L;
        }
        long local = ts + cachedOffsetNs;
        long ns = Math.floorMod(local, 1_000_000_000L);
        long secOfDay = Math.floorMod(Math.floorDiv(local, 1_000_000_000L), 86_400L);
        two(sb, secOfDay / 3600);
        sb.append(':');
        two(sb, secOfDay / 60 % 60);
        sb.append(':');
        two(sb, secOfDay % 60);
        sb.append('.');
        String n = Long.toString(ns);
        for (int k = n.length(); k < 9; k++) sb.append('0');
        sb.append(n);
        return true;
    }

    private static void two(StringBuilder sb, long v) {
        if (v < 10) sb.append('0');
        sb.append(v);
    }
}
