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
        int[] t = new int[EVENTS.length];
        for (int type = 0; type < t.length; type++) {
            t[type] = -1;
            EventInfo info = EVENTS[type];
            for (int i = 0; i < info.paramCount(); i++) {
                if (info.param(i).name().equals(name)) {
                    t[type] = i;
                    break;
                }
            }
        }
        return t;
    }

    static Map<String, FlagTable> flagTables() {
        return FLAG_TABLES;
    }
}
