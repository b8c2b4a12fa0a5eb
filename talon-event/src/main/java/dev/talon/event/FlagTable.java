package dev.talon.event;

import java.util.Map;

/**
 * A table of named values (PPM_* portable flag bits or enum values) in the C array order of the driver,
 * which matters when a value is rendered as {@code A|B|C}.
 */
public final class FlagTable {
    private final String name;
    private final String[] symbols;
    private final long[] values;

    FlagTable(String name, String[] symbols, long[] values) {
        this.name = name;
        this.symbols = symbols;
        this.values = values;
    }

    public String name() {
        return name;
    }

    public int size() {
        return symbols.length;
    }

    public String symbol(int i) {
        return symbols[i];
    }

    public long value(int i) {
        return values[i];
    }

    /** The table with this C array name (e.g. {@code file_flags}), or null. */
    public static FlagTable byName(String name) {
        return tables().get(name);
    }

    static Map<String, FlagTable> tables() {
        return EventSchema.flagTables();
    }
}
