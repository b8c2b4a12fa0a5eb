package dev.talon.event;

/** Decodes PT_DYN params: the first byte selects the type and print format of the value that follows. */
public final class DynamicTable {
    private final String name;
    private final ParamType[] types;
    private final ParamFormat[] formats;

    DynamicTable(String name, ParamType[] types, ParamFormat[] formats) {
        this.name = name;
        this.types = types;
        this.formats = formats;
    }

    public String name() {
        return name;
    }

    public int size() {
        return types.length;
    }

    public ParamType type(int idx) {
        return types[idx];
    }

    public ParamFormat format(int idx) {
        return formats[idx];
    }
}
