package dev.talon.filter;

/** Field flags from the catalogue's {@code flags} column. */
public enum FieldFlag {
    /** usable in filters, not in output formats */
    FILTER_ONLY,
    /** usable in output formats, not in filters */
    PRINT_ONLY,
    /** only meaningful for sysdig chisels/tables; still parses */
    TABLE_ONLY,
    /** yields a list of values (without an index argument) */
    LIST,
    DEPRECATED,
    /** cannot be wrapped in a transformer */
    NO_TRANSFORMER,
    /** cannot be the right-hand side of a field-to-field comparison */
    NO_RHS_FIELD;

    /** The flag as spelled in fields.tsv ({@code no_rhs_field}). */
    public String token() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
