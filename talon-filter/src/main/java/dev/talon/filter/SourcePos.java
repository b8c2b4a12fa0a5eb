package dev.talon.filter;

/**
 * Where an AST node starts in its condition text: 0-based char {@code offset}, 1-based
 * {@code line} and {@code column}, and an optional {@code origin} label given to the parser
 * (e.g. the macro whose condition the node came from after macro expansion).
 *
 * <p>Positions are provenance, not meaning: every {@code SourcePos} equals every other one, so
 * AST equality ({@code equals}/{@code hashCode} of the node records) is purely structural.
 */
public record SourcePos(int offset, int line, int column, String origin) {

    /** Position for nodes built programmatically rather than parsed. */
    public static final SourcePos NONE = new SourcePos(0, 1, 1, "");

    public SourcePos {
        origin = origin == null ? "" : origin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourcePos;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return (origin.isEmpty() ? "" : origin + ":") + line + ":" + column;
    }
}
