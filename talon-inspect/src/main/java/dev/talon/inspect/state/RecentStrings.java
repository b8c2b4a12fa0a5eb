package dev.talon.inspect.state;

import dev.talon.event.EventView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings of recent events by content, so that a path opened again (a server opening the same file for
 * every request) becomes the same {@code String} instance as before: no new string per open, and checks
 * that keep their result for the last string instance ({@code fd.name contains ...} of every rule) skip
 * their scan. A direct-mapped table: a slot holds the last string whose bytes hashed to it, a collision
 * replaces it, so the table never grows and a miss costs one decode, as without it.
 *
 * <p>Not a {@code String.intern} or a map: those keep every distinct path of a long capture and need the
 * string built before the lookup, which is the allocation this avoids.
 */
final class RecentStrings {
    private static final int SLOTS = 1024; // a power of two
    /** Longer strings are decoded as they come: the table holds at most SLOTS x this many bytes of keys. */
    static final int MAX_KEPT = 512;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final String[] joined = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_KEPT];

    /** String parameter {@code i} of {@code e} as {@link EventView#paramText} decodes it; null when absent. */
    String param(EventView e, int i) {
        if (!e.hasParam(i)) return null;
        int len = e.paramStringLength(i);
        if (len > MAX_KEPT) return e.paramText(i);
        ByteBuffer b = e.buffer();
        int at = e.paramPosition(i);
        byte[] src;
        int from;
        if (b.hasArray()) {
            src = b.array();
            from = b.arrayOffset() + at;
        } else {
            b.get(at, scratch, 0, len);
            src = scratch;
            from = 0;
        }
        int slot = slot(src, from, len);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, src, from, from + len)) return values[slot];
        String s = new String(src, from, len, StandardCharsets.ISO_8859_1);
        keys[slot] = Arrays.copyOfRange(src, from, from + len);
        values[slot] = s;
        return s;
    }

    /** {@code s} itself, or the equal string already in the table (for paths built by joining, e.g. cwd + name). */
    String intern(String s) {
        if (s == null || s.length() > MAX_KEPT) return s;
        int slot = spread(s.hashCode()) & (SLOTS - 1);
        String v = joined[slot];
        if (v != null && v.equals(s)) return v;
        joined[slot] = s;
        return s;
    }

    /** Hash of the length, the first and the last eight bytes: paths differ in their tails, and it is O(1). */
    private static int slot(byte[] a, int from, int len) {
        long h = len;
        if (len >= 8) {
            h = h * 31 + readLong(a, from);
            h = h * 31 + readLong(a, from + len - 8);
        } else {
            for (int k = 0; k < len; k++) h = h * 31 + a[from + k];
        }
        return spread((int) (h ^ (h >>> 32))) & (SLOTS - 1);
    }

    private static long readLong(byte[] a, int at) {
        return (long) LONGS.get(a, at);
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
