package dev.talon.event;

/** One parameter of an event type: name, wire type, print format and its value table if any. */
public final class ParamInfo {
    private final String name;
    private final ParamType type;
    private final ParamFormat format;
    private final FlagTable flagTable;
    private final DynamicTable dynamicTable;
    private final int dirfdIndex;

    ParamInfo(String name, ParamType type, ParamFormat format, FlagTable flagTable, DynamicTable dynamicTable,
              int dirfdIndex) {
        this.name = name;
        this.type = type;
        this.format = format;
        this.flagTable = flagTable;
        this.dynamicTable = dynamicTable;
        this.dirfdIndex = dirfdIndex;
    }

    public String name() {
        return name;
    }

    public ParamType type() {
        return type;
    }

    public ParamFormat format() {
        return format;
    }

    /** The flag/enum table for PT_FLAGS* and PT_ENUMFLAGS* (and a few integer) params, else null. */
    public FlagTable flagTable() {
        return flagTable;
    }

    /** The table that decodes a PT_DYN param's index byte, else null. */
    public DynamicTable dynamicTable() {
        return dynamicTable;
    }

    /** For PT_FSRELPATH: index of the dirfd parameter the path is relative to; -1 otherwise. */
    public int dirfdIndex() {
        return dirfdIndex;
    }

    @Override
    public String toString() {
        return name + ":" + type + ":" + format;
    }
}
