package dev.talon.outputs;

/**
 * Makes rendered alert text safe for line-oriented sinks. Falco escapes control characters JSON-style
 * (so an attacker-chosen file name cannot forge a second log line) and replaces invalid UTF-8 by U+FFFD.
 * A Java string cannot hold invalid UTF-8 once decoded (decoders already substitute U+FFFD); what it can
 * hold is a lone surrogate, which would otherwise be encoded as '?' or make the JSON writer throw.
 */
final class Text {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Text() {
    }

    /** Control characters escaped ({@code \n}, {@code \u001b}...) and lone surrogates replaced by U+FFFD. */
    static String escapeControls(String s) {
        int i = firstUnsafe(s, true);
        if (i < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                switch (c) {
                    case '\b' -> b.append("\\b");
                    case '\f' -> b.append("\\f");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                }
            } else if (Character.isSurrogate(c)) {
                i = appendSurrogate(s, i, b);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Lone surrogates replaced by U+FFFD; everything else unchanged (the JSON writer escapes controls). */
    static String replaceInvalid(String s) {
        int i = firstUnsafe(s, false);
        if (i < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                i = appendSurrogate(s, i, b);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Appends a valid pair or U+FFFD for a lone surrogate; returns the index of the last char consumed. */
    private static int appendSurrogate(String s, int i, StringBuilder b) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            b.append(c).append(s.charAt(i + 1));
            return i + 1;
        }
        b.append('\uFFFD');
        return i;
    }

    private static int firstUnsafe(String s, boolean controls) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (controls && c < 0x20) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
        }
        return -1;
    }
}
