package dev.talon.filter;

/**
 * How a string operator applies to a list right-hand side ({@code startswith oneof (/a, /b)}).
 * {@link #NONE} for ordinary checks.
 */
public enum ListModifier {
    NONE(""),
    /** true if the operator holds for at least one list element */
    ONEOF("oneof"),
    /** list-valued LHS: true if the operator holds for any pair */
    ANYOF("anyof"),
    /** list-valued LHS: true if the operator holds for all LHS elements */
    ALLOF("allof");

    private final String token;

    ListModifier(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    static ListModifier fromToken(String t) {
        for (ListModifier m : values()) {
            if (m != NONE && m.token.equals(t)) {
                return m;
            }
        }
        return null;
    }
}
