package dev.talon.inspect.state;

import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;

/** Parameter lookups by schema name, resolved to indices when a parser is built, and small decoders. */
final class Params {
    private Params() {}

    /** Index of the parameter called {@code name} in event {@code type}, or -1. */
    static int index(int type, String name) {
        EventInfo info = EventSchema.info(type);
        if (info == null) return -1;
        for (int i = 0; i < info.paramCount(); i++) {
            if (info.param(i).name().equals(name)) return i;
        }
        return -1;
    }

    static boolean has(EventView e, int i) {
        return i >= 0 && i < e.paramCount() && e.paramLength(i) > 0;
    }

    static long asLong(EventView e, int i, long dflt) {
        return has(e, i) ? e.paramAsLong(i) : dflt;
    }

    static String string(EventView e, int i) {
        return has(e, i) ? e.paramString(i) : null;
    }
}
