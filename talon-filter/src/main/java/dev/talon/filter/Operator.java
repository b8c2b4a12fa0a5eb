package dev.talon.filter;

import java.util.List;

/** Comparison operators of the condition language, spelled exactly as in sysdig/Falco. */
public enum Operator {
    EXISTS("exists", Kind.UNARY),
    LT("<", Kind.NUMERIC),
    LE("<=", Kind.NUMERIC),
    GT(">", Kind.NUMERIC),
    GE(">=", Kind.NUMERIC),
    EQ("=", Kind.STRING),
    /** {@code ==}: same meaning as {@code =}, kept apart so printing shows what was written. */
    EQ_EQ("==", Kind.STRING),
    NE("!=", Kind.STRING),
    CONTAINS("contains", Kind.STRING),
    ICONTAINS("icontains", Kind.STRING),
    BCONTAINS("bcontains", Kind.STRING),
    STARTSWITH("startswith", Kind.STRING),
    BSTARTSWITH("bstartswith", Kind.STRING),
    ENDSWITH("endswith", Kind.STRING),
    GLOB("glob", Kind.STRING),
    IGLOB("iglob", Kind.STRING),
    REGEX("regex", Kind.STRING),
    IN("in", Kind.LIST),
    INTERSECTS("intersects", Kind.LIST),
    PMATCH("pmatch", Kind.LIST);

    /** What the right-hand side of the operator must be. */
    public enum Kind {
        /** no right-hand side ({@code exists}) */
        UNARY,
        /** a number, {@code val(field)} or a transformer */
        NUMERIC,
        /** a string, {@code val(field)} or a transformer; or a list after oneof/anyof/allof */
        STRING,
        /** a list literal, a list name, {@code val(field)} or a transformer */
        LIST
    }

    private final String token;
    private final Kind kind;

    Operator(String token, Kind kind) {
        this.token = token;
        this.kind = kind;
    }

    /** The operator as written in a condition. */
    public String token() {
        return token;
    }

    public Kind kind() {
        return kind;
    }

    /** True for {@code =} and {@code ==}. */
    public boolean isEquality() {
        return this == EQ || this == EQ_EQ;
    }

    /** True when the token is a word and so needs a blank (or '(') after it. */
    boolean isWord() {
        return Character.isLetter(token.charAt(0));
    }

    /** All operator tokens in the order libsinsp lists them in its error message. */
    public static List<String> tokens() {
        return List.of("exists", "<=", "<", ">=", ">", "==", "=", "!=", "glob", "iglob", "contains",
                "icontains", "bcontains", "startswith", "bstartswith", "endswith", "regex",
                "intersects", "in", "pmatch");
    }

    /** The operator spelled {@code token}, or null. */
    public static Operator fromToken(String token) {
        for (Operator op : values()) {
            if (op.token.equals(token)) {
                return op;
            }
        }
        return null;
    }
}
