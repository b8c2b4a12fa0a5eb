package dev.talon.filter;

/** Field transformers that may wrap a field on either side of a check. */
public enum Transformer {
    TOLOWER("tolower", 1, 1),
    TOUPPER("toupper", 1, 1),
    /** base64-decode */
    B64("b64", 1, 1),
    BASENAME("basename", 1, 1),
    /** length of a string or of a list */
    LEN("len", 1, 1),
    /** join(separator, field...) */
    JOIN("join", 2, Integer.MAX_VALUE),
    CONCAT("concat", 2, Integer.MAX_VALUE),
    /** getopt(args-field, optstring): the value of one option */
    GETOPT("getopt", 1, Integer.MAX_VALUE);

    private final String token;
    private final int minArgs;
    private final int maxArgs;

    Transformer(String token, int minArgs, int maxArgs) {
        this.token = token;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    public String token() {
        return token;
    }

    public int minArgs() {
        return minArgs;
    }

    public int maxArgs() {
        return maxArgs;
    }

    /** The transformer named {@code name}, or null. */
    public static Transformer fromToken(String name) {
        for (Transformer t : values()) {
            if (t.token.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
