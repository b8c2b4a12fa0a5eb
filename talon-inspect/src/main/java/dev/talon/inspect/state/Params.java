package dev.talon.inspect.state;

import dev.talon.event.EventSchema;
import dev.talon.event.EventView;

/** Parameter lookups by schema name, resolved to indices when a parser is built, and small decoders. */
final class Params {
    private Params() {}

    /** name → per-type index table, built once per parameter name (callers pass literals). */
    private static final java.util.concurrent.ConcurrentHashMap<String, int[]> TABLES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Index of the parameter called {@code name} in event {@code type}, or -1 (a table lookup, no scan). */
    static int index(int type, String name) {
        return index(type, TABLES.computeIfAbsent(name, EventSchema::paramIndexes));
    }

    /** As {@link #index(int, String)} with the name's table resolved once (the constants below): no hashing per event. */
    static int index(int type, int[] table) {
        return type >= 0 && type < table.length ? table[type] : -1;
    }

    // the parameter names the state parsers read on every event, by event type
    static final int[] ADDR = EventSchema.paramIndexes("addr");
    static final int[] CMD = EventSchema.paramIndexes("cmd");
    static final int[] COMM = EventSchema.paramIndexes("comm");
    static final int[] CWD = EventSchema.paramIndexes("cwd");
    static final int[] DEV = EventSchema.paramIndexes("dev");
    static final int[] DIRFD = EventSchema.paramIndexes("dirfd");
    static final int[] DOMAIN = EventSchema.paramIndexes("domain");
    static final int[] EXE = EventSchema.paramIndexes("exe");
    static final int[] FD = EventSchema.paramIndexes("fd");
    static final int[] FD1 = EventSchema.paramIndexes("fd1");
    static final int[] FD2 = EventSchema.paramIndexes("fd2");
    static final int[] FILENAME = EventSchema.paramIndexes("filename");
    static final int[] FLAGS = EventSchema.paramIndexes("flags");
    static final int[] GID = EventSchema.paramIndexes("gid");
    static final int[] INO = EventSchema.paramIndexes("ino");
    static final int[] NAME = EventSchema.paramIndexes("name");
    static final int[] NEWFD = EventSchema.paramIndexes("newfd");
    static final int[] OLDFD = EventSchema.paramIndexes("oldfd");
    static final int[] PATH = EventSchema.paramIndexes("path");
    static final int[] PID = EventSchema.paramIndexes("pid");
    static final int[] PTID = EventSchema.paramIndexes("ptid");
    static final int[] TID = EventSchema.paramIndexes("tid");
    static final int[] TUPLE = EventSchema.paramIndexes("tuple");
    static final int[] TYPE = EventSchema.paramIndexes("type");
    static final int[] UID = EventSchema.paramIndexes("uid");
    static final int[] VTID = EventSchema.paramIndexes("vtid");

    static boolean has(EventView e, int i) {
        return i >= 0 && i < e.paramCount() && e.paramLength(i) > 0;
    }

    static long asLong(EventView e, int i, long dflt) {
        return has(e, i) ? e.paramAsLong(i) : dflt;
    }

    /** A NUL-separated string list (args, env, cgroups). */
    static String[] strings(EventView e, int i) {
        int len = e.paramLength(i);
        byte[] b = new byte[len];
        e.copyParam(i, 0, b, len);
        return dev.talon.event.ByteText.nulList(b, len).toArray(ThreadInfo.NONE);
    }

    /**
     * {@link #strings(EventView, int)}, or {@code previous} itself when the parameter holds exactly those
     * strings: a clone repeats its parent's args, cgroups and env, so most of them need no copy.
     */
    static String[] strings(EventView e, int i, String[] previous) {
        return previous != null && holds(e, i, previous) ? previous : strings(e, i);
    }

    /** Whether parameter {@code i} splits (as {@link #strings(EventView, int)} splits it) into exactly {@code p}. */
    private static boolean holds(EventView e, int i, String[] p) {
        int len = e.paramLength(i);
        java.nio.ByteBuffer b = e.buffer();
        int at = e.paramPosition(i);
        int end = at + len;
        // the strings one after the other, each followed by a NUL (the last one's NUL may be missing)
        int pos = at;
        for (String x : p) {
            int n = x.length();
            if (n > end - pos || !latin1At(b, pos, x)) return false;
            pos += n;
            if (pos < end) {
                if (b.get(pos) != 0) return false;
                pos++;
            } else if (n == 0) {
                return false; // an empty string is only kept when a NUL ends it
            }
        }
        return pos == end;
    }

    /** Whether the bytes at {@code at} of {@code b} are {@code x}'s characters (ISO-8859-1, as strings() decodes). */
    private static boolean latin1At(java.nio.ByteBuffer b, int at, String x) {
        int n = x.length();
        if (b.hasArray()) { // a plain array loop: this runs on every clone's env, often before the JIT has
            byte[] a = b.array();
            int o = b.arrayOffset() + at;
            for (int c = 0; c < n; c++) {
                if ((a[o + c] & 0xff) != x.charAt(c)) return false;
            }
            return true;
        }
        for (int c = 0; c < n; c++) {
            if ((b.get(at + c) & 0xff) != x.charAt(c)) return false;
        }
        return true;
    }

    static String string(EventView e, int i) {
        return has(e, i) ? e.paramText(i) : null;
    }
}
