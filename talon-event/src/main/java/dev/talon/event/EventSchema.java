package dev.talon.event;

import java.util.Map;

/** The event table: every event type Talon knows, by code. */
public final class EventSchema {
    private static final EventInfo[] EVENTS;
    private static final Map<String, FlagTable> FLAG_TABLES;

    static {
        SchemaBuilder b = new SchemaBuilder();
        SchemaData.flagTables(b);
        SchemaData.dynamicTables(b);
        SchemaData.events(b);
        EVENTS = b.events;
        FLAG_TABLES = Map.copyOf(b.flagTables);
    }

    private EventSchema() {}

    /** The event type with this code, or null when the code is out of range (e.g. from a newer producer). */
    public static EventInfo info(int type) {
        return type >= 0 && type < EVENTS.length ? EVENTS[type] : null;
    }

    /** Whether events of this type use u32 parameter lengths (EF_LARGE_PAYLOAD). */
    public static boolean isLargePayload(int type) {
        EventInfo info = info(type);
        return info != null && info.isLargePayload();
    }

    public static int typeCount() {
        return EVENTS.length;
    }

    /**
     * For every event type, the index of its parameter called {@code name}, or -1 where the type has none: lets
     * parsers and fields resolve a parameter once instead of searching the schema on every event. A new array
     * on each call; callers keep it.
     */
    public static int[] paramIndexes(String name) {
        int[] t = ParamIndexes.BY_NAME.get(name);
        if (t != null) return t.clone();
        t = new int[EVENTS.length];
        java.util.Arrays.fill(t, -1);
        return t;
    }

    /**
     * Every parameter name's index table, built in one pass over the schema when first asked: the state's
     * parsers ask for some thirty names while their classes initialise, and a scan of all 454 types per name
     * was a measurable part of every start (run in the interpreter).
     */
    private static final class ParamIndexes {
        static final Map<String, int[]> BY_NAME = build();

        private static Map<String, int[]> build() {
            Map<String, int[]> byName = new java.util.HashMap<>();
            for (int type = 0; type < EVENTS.length; type++) {
                EventInfo info = EVENTS[type];
                for (int i = info.paramCount() - 1; i >= 0; i--) { // backwards: the first of a repeated name wins
                    int[] t = byName.get(info.param(i).name());
                    if (t == null) {
                        t = new int[EVENTS.length];
                        java.util.Arrays.fill(t, -1);
                        byName.put(info.param(i).name(), t);
                    }
                    t[type] = i;
                }
            }
            return byName;
        }
    }

    static Map<String, FlagTable> flagTables() {
        return FLAG_TABLES;
    }
}
