package dev.talon.rules;

import dev.talon.event.EventSchema;

import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event types a rule's condition can match, as PPM event codes (enter and exit variants, all
 * schema versions). Computed from {@code evt.type} checks in the expanded condition; a
 * condition that does not constrain {@code evt.type} matches {@link #isAll() all} types.
 */
public final class EventTypeSet {
    private static final BitSet ALL = new BitSet();

    static {
        for (int code = 0; code < EventSchema.typeCount(); code++) {
            if (EventTypes.nameOf(code) != null) {
                ALL.set(code);
            }
        }
    }

    private final BitSet codes;

    EventTypeSet(BitSet codes) {
        this.codes = (BitSet) codes.clone();
    }

    static EventTypeSet all() {
        return new EventTypeSet(ALL);
    }

    static BitSet allCodes() {
        return (BitSet) ALL.clone();
    }

    /** Every known event code. */
    public boolean isAll() {
        return codes.equals(ALL);
    }

    public boolean isEmpty() {
        return codes.isEmpty();
    }

    /** Number of event codes. */
    public int size() {
        return codes.cardinality();
    }

    public boolean contains(int code) {
        return code >= 0 && codes.get(code);
    }

    /** A copy of the code set. */
    public BitSet codes() {
        return (BitSet) codes.clone();
    }

    /** Distinct evt.type names, sorted. */
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        codes.stream().forEach(c -> names.add(EventTypes.nameOf(c)));
        return names;
    }

    /** The evt.type name of an event code, or null for unused codes. */
    public static String nameOf(int code) {
        return EventTypes.nameOf(code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventTypeSet e && e.codes.equals(codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }

    @Override
    public String toString() {
        return isAll() ? "all" : names().toString();
    }
}
