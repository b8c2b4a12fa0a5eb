package dev.talon.filter;

/**
 * One finding of the {@link FilterChecker}: severity, a stable code, where ({@link SourcePos}:
 * offset, line, column and origin label) and a message.
 */
public record FilterProblem(Severity severity, Code code, SourcePos pos, String message) {

    public enum Severity { ERROR, WARNING }

    public enum Code {
        /** field name not in the catalogue */
        UNKNOWN_FIELD,
        /** operator not valid for the field's type */
        INVALID_OPERATOR,
        /** field requires an argument and has none */
        MISSING_ARGUMENT,
        /** field takes no argument but has one, or the argument has the wrong form */
        INVALID_ARGUMENT,
        /** transformer misuse: arity, argument kind, flagged field */
        INVALID_TRANSFORMER,
        /** field flagged no_rhs_field used as a right-hand side, or print_only field in a filter */
        INVALID_FIELD_USE,
        /** value not valid for the field type (number, bool, IP, hex bytes) */
        INVALID_VALUE,
        /** regex that RE2 rejects */
        INVALID_REGEX,
        /** macro identifier left in the condition */
        UNDEFINED_MACRO,
        /** bare value that names a field: compared as a field (warning) */
        FIELD_AS_VALUE,
        /** comparison with the printed placeholder {@code <NA>} (warning) */
        UNSAFE_NA_CHECK,
        /** deprecated field (warning) */
        DEPRECATED_FIELD
    }

    /** 1-based column of the problem within its line of condition text. */
    public int column() {
        return pos.column();
    }

    @Override
    public String toString() {
        return severity + " " + code + " at " + pos + ": " + message;
    }
}
