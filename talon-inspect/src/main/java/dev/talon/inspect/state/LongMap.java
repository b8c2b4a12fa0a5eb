package dev.talon.inspect.state;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing hash map from a primitive {@code long} key (tid, fd) to an object.
 *
 * <p>Written here rather than taken from a collections library because the hot path needs exactly
 * three operations (get, put, remove) without boxing, and one 60-line class is cheaper than a
 * multi-megabyte dependency in the fat jar. Linear probing with backward-shift deletion (no tombstones).
 */
public final class LongMap<V> {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;
    private V nullKeyValue; // value for the key Long.MIN_VALUE, which marks empty slots
    private boolean hasNullKey;

    public LongMap() {
        this(16);
    }

    public LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        Arrays.fill(keys, EMPTY);
        values = new Object[cap];
        mask = cap - 1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @SuppressWarnings("unchecked")
    public V get(long key) {
        if (key == EMPTY) return hasNullKey ? nullKeyValue : null;
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) return (V) values[i];
            if (k == EMPTY) return null;
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (key == EMPTY) {
            V old = nullKeyValue;
            if (!hasNullKey) size++;
            hasNullKey = true;
            nullKeyValue = value;
            return old;
        }
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            if (k == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) grow();
                return null;
            }
            i = (i + 1) & mask;
        }
    }

    @SuppressWarnings("unchecked")
    public V remove(long key) {
        if (key == EMPTY) {
            if (!hasNullKey) return null;
            hasNullKey = false;
            size--;
            V old = nullKeyValue;
            nullKeyValue = null;
            return old;
        }
        int i = hash(key) & mask;
        while (true) {
            long k = keys[i];
            if (k == EMPTY) return null;
            if (k == key) break;
            i = (i + 1) & mask;
        }
        V old = (V) values[i];
        size--;
        // backward-shift deletion keeps probe chains intact without tombstones
        int gap = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long k = keys[j];
            if (k == EMPTY) break;
            int home = hash(k) & mask;
            boolean movable = gap <= j ? (home <= gap || home > j) : (home <= gap && home > j);
            if (movable) {
                keys[gap] = k;
                values[gap] = values[j];
                gap = j;
            }
        }
        keys[gap] = EMPTY;
        values[gap] = null;
        return old;
    }

    public int size() {
        return size;
    }

    public void clear() {
        Arrays.fill(keys, EMPTY);
        Arrays.fill(values, null);
        size = 0;
        hasNullKey = false;
        nullKeyValue = null;
    }

    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<V> action) {
        if (hasNullKey) action.accept(nullKeyValue);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) action.accept((V) values[i]);
        }
    }

    /** Slot count, for allocation-free scans with {@link #valueAt}. */
    int capacity() {
        return keys.length;
    }

    /** The value in slot {@code i}, or null for an empty slot (the Long.MIN_VALUE key is not visited). */
    @SuppressWarnings("unchecked")
    V valueAt(int i) {
        return keys[i] == EMPTY ? null : (V) values[i];
    }

    /** Copies keys into a new array (for snapshotting; allocates). */
    public long[] keys() {
        long[] out = new long[size];
        int n = 0;
        if (hasNullKey) out[n++] = EMPTY;
        for (long k : keys) if (k != EMPTY) out[n++] = k;
        return out;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int j = hash(oldKeys[i]) & mask;
                while (keys[j] != EMPTY) j = (j + 1) & mask;
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
        if (hasNullKey) size++;
    }
}
