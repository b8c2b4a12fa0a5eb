package dev.talon.filter;

/**
 * Character-level token recognisers for the condition language. Token classes depend on where
 * the parser is (a bare string on the right of {@code =} may contain dots and slashes, an
 * identifier may not), so the parser asks for the token it expects; each {@code lex*} method
 * either consumes a token, leaving it in {@link #last}, or consumes nothing.
 */
final class Lexer {
    final String text;
    private int pos;
    private int line = 1;
    private int col = 1;
    /** The last token consumed (unescaped for quoted strings), for error messages and values. */
    String last = "";

    Lexer(String text) {
        this.text = text;
    }

    int offset() {
        return pos;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    SourcePos here(String origin) {
        return new SourcePos(pos, line, col, origin);
    }

    long mark() {
        return ((long) pos << 42) | ((long) line << 21) | col;
    }

    void reset(long mark) {
        pos = (int) (mark >>> 42);
        line = (int) ((mark >>> 21) & 0x1FFFFF);
        col = (int) (mark & 0x1FFFFF);
    }

    private void advance(int n) {
        for (int i = 0; i < n; i++) {
            char c = text.charAt(pos++);
            if (c == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\b';
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentPart(char c) {
        return isAlpha(c) || isDigit(c) || c == '_';
    }

    /** Skips blanks (space, tab, CR, LF, backspace); true if any were skipped. */
    boolean blank() {
        int start = pos;
        while (pos < text.length() && isBlank(text.charAt(pos))) {
            advance(1);
        }
        return pos > start;
    }

    /** Consumes {@code s} if the text continues with it. */
    boolean exact(String s) {
        if (text.startsWith(s, pos)) {
            advance(s.length());
            last = s;
            return true;
        }
        return false;
    }

    /** True if {@code s} is next and is followed by a blank, '(' or the end. */
    boolean peekWord(String s) {
        if (!text.startsWith(s, pos)) {
            return false;
        }
        int after = pos + s.length();
        return after >= text.length() || isBlank(text.charAt(after)) || text.charAt(after) == '(';
    }

    /** Consumes keyword {@code s} when followed by a blank, '(' or the end. */
    boolean word(String s) {
        if (peekWord(s)) {
            advance(s.length());
            last = s;
            return true;
        }
        return false;
    }

    /** Consumes {@code s} when it is not followed by an identifier character. */
    boolean keyword(String s) {
        if (!text.startsWith(s, pos)) {
            return false;
        }
        int after = pos + s.length();
        if (after < text.length() && isIdentPart(text.charAt(after))) {
            return false;
        }
        advance(s.length());
        last = s;
        return true;
    }

    private int identEnd(int from) {
        if (from >= text.length() || !isAlpha(text.charAt(from))) {
            return -1;
        }
        int i = from + 1;
        while (i < text.length() && isIdentPart(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private boolean take(int end) {
        last = text.substring(pos, end);
        advance(end - pos);
        return true;
    }

    /** {@code [a-zA-Z][a-zA-Z0-9_]*}. */
    boolean identifier() {
        int end = identEnd(pos);
        return end >= 0 && take(end);
    }

    /** Identifier immediately followed by '(' (transformer or val call); does not consume. */
    String peekCallName() {
        int end = identEnd(pos);
        if (end < 0 || end >= text.length() || text.charAt(end) != '(') {
            return null;
        }
        return text.substring(pos, end);
    }

    /** Field name: identifier ('.' identifier)+, longest match. */
    boolean fieldName() {
        int end = identEnd(pos);
        if (end < 0) {
            return false;
        }
        int parts = 1;
        while (end < text.length() && text.charAt(end) == '.') {
            int next = identEnd(end + 1);
            if (next < 0) {
                break;
            }
            end = next;
            parts++;
        }
        return parts > 1 && take(end);
    }

    /** True if {@code s} as a whole matches the field-name token. */
    static boolean looksLikeFieldName(String s) {
        Lexer l = new Lexer(s);
        return l.fieldName() && l.atEnd();
    }

    /** Bare value: {@code [^ \t\n\r\b(),="']+}. */
    boolean bareString() {
        int i = pos;
        while (i < text.length() && isBareChar(text.charAt(i))) {
            i++;
        }
        return i > pos && take(i);
    }

    static boolean isBareChar(char c) {
        return !isBlank(c) && c != '(' && c != ')' && c != ',' && c != '=' && c != '"' && c != '\'';
    }

    /** Bare field argument: {@code [^ \t\n\r\b\[\]"']+}. */
    boolean fieldArgBare() {
        int i = pos;
        while (i < text.length() && isFieldArgChar(text.charAt(i))) {
            i++;
        }
        return i > pos && take(i);
    }

    static boolean isFieldArgChar(char c) {
        return !isBlank(c) && c != '[' && c != ']' && c != '"' && c != '\'';
    }

    /** Hex {@code 0x...} or decimal {@code [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?}. */
    boolean number() {
        int i = pos;
        int n = text.length();
        if (i + 2 < n + 0 && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) {
            int j = i + 2;
            while (j < n && (isDigit(text.charAt(j)) || isAlpha(text.charAt(j)))) {
                j++;
            }
            if (j > i + 2) {
                return take(j);
            }
        }
        if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digits) {
            return false;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i + 2 < n + 1 && i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')
                && i + 1 < n && (text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-')
                && i + 2 < n && isDigit(text.charAt(i + 2))) {
            i += 2;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        return take(i);
    }

    /** True if {@code s} as a whole is a number token. */
    static boolean isNumber(String s) {
        Lexer l = new Lexer(s);
        return l.number() && l.atEnd();
    }

    /**
     * A single- or double-quoted string with backslash escapes; {@link #last} gets the unescaped
     * content. Returns false (consuming nothing) if no quote is next.
     *
     * @throws FilterSyntaxException for an unterminated string or a malformed {@code \x} escape
     */
    boolean quoted() throws FilterSyntaxException {
        char q = peek();
        if (q != '"' && q != '\'') {
            return false;
        }
        int start = pos;
        StringBuilder sb = new StringBuilder();
        int i = pos + 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == q) {
                last = sb.toString();
                advance(i + 1 - pos);
                return true;
            }
            if (c == '\\' && i + 1 < n) {
                char e = text.charAt(i + 1);
                switch (e) {
                    case '"', '\'', '\\' -> { sb.append(e); i += 2; }
                    case 'n' -> { sb.append('\n'); i += 2; }
                    case 't' -> { sb.append('\t'); i += 2; }
                    case 'r' -> { sb.append('\r'); i += 2; }
                    case 'b' -> { sb.append('\b'); i += 2; }
                    case 'f' -> { sb.append('\f'); i += 2; }
                    case 'x' -> {
                        int j = i + 2;
                        int v = 0;
                        while (j < n && j < i + 4 && Character.digit(text.charAt(j), 16) >= 0) {
                            v = v * 16 + Character.digit(text.charAt(j), 16);
                            j++;
                        }
                        if (j == i + 2) {
                            throw new FilterSyntaxException("invalid \\x escape: expected hex digits", text, i);
                        }
                        sb.append((char) v);
                        i = j;
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int j = i + 1;
                            int v = 0;
                            while (j < n && j < i + 4 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                                v = v * 8 + (text.charAt(j) - '0');
                                j++;
                            }
                            sb.append((char) v);
                            i = j;
                        } else {
                            // unknown escapes stay literal: rules use "\ " to mean backslash-space
                            sb.append('\\').append(e);
                            i += 2;
                        }
                    }
                }
                continue;
            }
            sb.append(c);
            i++;
        }
        throw new FilterSyntaxException("unterminated quoted string", text, start);
    }
}
