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
        int[] t = TABLES.computeIfAbsent(name, EventSchema::paramIndexes);
        return type >= 0 && type < t.length ? t[type] : -1;
    }

    static boolean has(EventView e, int i) {
        return i >= 0 && i < e.paramCount() && e.paramLength(i) > 0;
    }

    static long asLong(EventView e, int i, long dflt) {
        return has(e, i) ? e.paramAsLong(i) : dflt;
    }

    /** A NUL-separated string list (args, env, cgroups). */
    static String[] strings(EventView e, int i) {
        java.lang.foreign.MemorySegment s = e.segment();
        long at = e.paramOffset(i);
        int len = e.paramLength(i);
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        int start = 0;
        byte[] b = new byte[len];
        java.lang.foreign.MemorySegment.copy(s, java.lang.foreign.ValueLayout.JAVA_BYTE, at, b, 0, len);
        for (int k = 0; k <= len; k++) {
            if (k == len || b[k] == 0) {
                if (k > start || k < len) out.add(new String(b, start, k - start, java.nio.charset.StandardCharsets.ISO_8859_1));
                start = k + 1;
            }
        }
        return out.toArray(ThreadInfo.NONE);
    }

    static String string(EventView e, int i) {
        return has(e, i) ? e.paramString(i) : null;
    }
}
