package dev.talon.event;

import java.util.HashMap;
import java.util.Map;

/** Collects the generated {@link SchemaData} into lookup structures; used once, at class initialisation. */
final class SchemaBuilder {
    final Map<String, FlagTable> flagTables = new HashMap<>();
    final Map<String, DynamicTable> dynamicTables = new HashMap<>();
    final EventInfo[] events = new EventInfo[EventTypes.EVENT_MAX];

    void flagTable(String name, String[] symbols, long[] values) {
        flagTables.put(name, new FlagTable(name, symbols, values));
    }

    void dynamicTable(String name, ParamType[] types, ParamFormat[] formats) {
        dynamicTables.put(name, new DynamicTable(name, types, formats));
    }

    ParamInfo param(String name, ParamType type, ParamFormat format, String table, int dirfd) {
        FlagTable flags = null;
        DynamicTable dyn = null;
        if (table != null) {
            flags = flagTables.get(table);
            dyn = dynamicTables.get(table);
            if (flags == null && dyn == null) {
                throw new IllegalStateException("param " + name + " names unknown table " + table);
            }
        }
        return new ParamInfo(name, type, format, flags, dyn, dirfd);
    }

    void event(int code, String ppme, String name, boolean enter, int category, int flags, ParamInfo... params) {
        events[code] = new EventInfo(code, ppme, name, enter, category, flags, params);
    }
}
