package dev.talon.filter;

/**
 * A condition that does not parse. Carries the reason (libsinsp's wording where it has one), the
 * condition text and where the problem is: 0-based {@link #offset()}, 1-based {@link #line()} and
 * {@link #column()}.
 */
public final class FilterSyntaxException extends Exception {
    private final String reason;
    private final String source;
    private final int offset;
    private final int line;
    private final int column;

    public FilterSyntaxException(String reason, String source, int offset) {
        super(reason);
        this.reason = reason;
        this.source = source;
        this.offset = Math.max(0, Math.min(offset, source.length()));
        int l = 1;
        int lineStart = 0;
        for (int i = 0; i < this.offset; i++) {
            if (source.charAt(i) == '\n') {
                l++;
                lineStart = i + 1;
            }
        }
        this.line = l;
        this.column = this.offset - lineStart + 1;
    }

    /** The problem without position, e.g. {@code expected a ')' token}. */
    public String reason() {
        return reason;
    }

    /** The whole condition text that failed. */
    public String source() {
        return source;
    }

    public int offset() {
        return offset;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** One line: the reason and the position ({@code column N}, or {@code line L, column N}). */
    @Override
    public String getMessage() {
        boolean multiLine = source.indexOf('\n') >= 0;
        return reason + (multiLine ? " (line " + line + ", column " + column + ")" : " (column " + column + ")");
    }

    /**
     * The condition line holding the error and, below it, a {@code ^} under the column; tabs in
     * the line are kept in the padding so the caret lines up.
     */
    public String caretLine() {
        int start = source.lastIndexOf('\n', Math.max(0, offset - 1));
        start = (offset == 0 || start < 0) ? 0 : start + 1;
        if (offset > 0 && source.charAt(offset - 1) == '\n') {
            start = offset;
        }
        int end = source.indexOf('\n', start);
        String text = source.substring(start, end < 0 ? source.length() : end);
        StringBuilder caret = new StringBuilder();
        for (int i = start; i < offset && i - start < text.length(); i++) {
            caret.append(source.charAt(i) == '\t' ? '\t' : ' ');
        }
        return text + "\n" + caret + "^";
    }
}
