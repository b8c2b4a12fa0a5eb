package dev.talon.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Capture strings are bytes, held one char per byte ({@link EventView#paramText}): a path or a process name
 * need not be UTF-8, and sysdig and Falco print and compare their bytes. Text typed by a user (a filter's
 * constants, the literal text of an output format, a rule file) is Unicode; these convert between the two
 * so that a constant {@code café} compares equal to the bytes {@code caf\xc3\xa9} and an alert built from
 * capture bytes reaches a JSON or syslog consumer as the Unicode text those bytes spell.
 */
public final class ByteText {
    private ByteText() {}

    /** The UTF-8 bytes of Unicode {@code text}, one char per byte; {@code text} itself when it is ASCII. */
    public static String fromUnicode(String text) {
        if (isAscii(text)) return text;
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * The Unicode text whose UTF-8 encoding is {@code bytes} (one char per byte), malformed sequences as
     * U+FFFD as Falco writes them; {@code bytes} itself when it is ASCII or holds a char above 0xff (not
     * byte text).
     */
    public static String toUnicode(CharSequence bytes) {
        int n = bytes.length();
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = bytes.charAt(i);
            if (c > 0xff) return bytes.toString();
            if (c >= 0x80) ascii = false;
        }
        String s = bytes.toString();
        return ascii ? s : new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** A capture byte that libsinsp prints as it is: printable ASCII (0x20-0x7e). */
    public static boolean isPrintable(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    /**
     * The strings of a NUL-separated list in the first {@code len} bytes of {@code b} (args, env, cgroups,
     * /proc cmdline), one char per byte; a final NUL ends the last string rather than starting an empty one.
     */
    public static List<String> nulList(byte[] b, int len) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        if (start < len) out.add(new String(b, start, len - start, StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Whether every char is ASCII (below 0x80). */
    public static boolean isAscii(CharSequence s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) return false;
        }
        return true;
    }
}
