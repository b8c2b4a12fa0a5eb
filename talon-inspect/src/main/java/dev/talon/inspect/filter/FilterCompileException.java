package dev.talon.inspect.filter;

/**
 * A filter that does not parse, names an unknown field, uses an operator the field's type does not support,
 * or has a bad value (number, IP, regex). {@link #getMessage()} is one line ending with the position
 * ({@code (column N)}); {@link #caretLine()} shows the condition with a caret under the column.
 */
public final class FilterCompileException extends Exception {
    private final String reason;
    private final String source;
    private final int offset;
    private final int column;

    FilterCompileException(String reason, String source, int offset, int column) {
        super(reason);
        this.reason = reason;
        this.source = source;
        this.offset = Math.max(0, offset);
        this.column = column;
    }

    /** The problem without position. */
    public String reason() {
        return reason;
    }

    /** 1-based column of the problem in its line of the condition. */
    public int column() {
        return column;
    }

    /** 0-based offset in the condition text. */
    public int offset() {
        return offset;
    }

    @Override
    public String getMessage() {
        return reason + " (column " + column + ")";
    }

    /** The condition line and a {@code ^} under the problem; just the message position when no text is known. */
    public String caretLine() {
        if (source == null) return "";
        int start = source.lastIndexOf('\n', Math.max(0, Math.min(offset, source.length()) - 1));
        start = start < 0 || offset == 0 ? 0 : start + 1;
        int end = source.indexOf('\n', start);
        String line = source.substring(start, end < 0 ? source.length() : end);
        StringBuilder caret = new StringBuilder();
        for (int i = start; i < offset && i - start < line.length(); i++) caret.append(source.charAt(i) == '\t' ? '\t' : ' ');
        return line + "\n" + caret + "^";
    }
}
