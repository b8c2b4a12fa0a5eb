package dev.talon.scap.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small readers for procfs files: they return a fallback instead of throwing where a value is optional. */
final class ProcFiles {
    private ProcFiles() {
    }

    /**
     * The file as text, one char per byte as capture strings are (names and paths need not be UTF-8), or null
     * if it cannot be read (process gone, permission, not present).
     */
    static String text(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** The first line of a file without its newline, or {@code fallback}. */
    static String line(Path p, String fallback) {
        String t = text(p);
        if (t == null) {
            return fallback;
        }
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** A NUL-separated list (cmdline, environ); the trailing NUL does not make an empty last entry. */
    static List<String> nulList(Path p) {
        byte[] b;
        try {
            b = Files.readAllBytes(p);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        return dev.talon.event.ByteText.nulList(b, b.length);
    }

    /**
     * The target of a symbolic link (e.g. /proc/pid/cwd), one char per byte like every capture string, or
     * {@code fallback}. Java decodes a link's bytes by the locale's encoding: the bytes come back exactly
     * under a UTF-8 locale (the launcher sets one when none is set); under a non-UTF-8 one a non-ASCII
     * name may not.
     */
    static String link(Path p, String fallback) {
        try {
            return dev.talon.event.ByteText.fromUnicode(Files.readSymbolicLink(p).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return fallback;
        }
    }

    /** The value after {@code key} in a "Key:\tvalue" file such as status, or null. */
    static String field(String text, String key) {
        if (text == null) {
            return null;
        }
        int at = text.startsWith(key) ? 0 : text.indexOf("\n" + key);
        if (at < 0) {
            return null;
        }
        int start = at + (at == 0 ? 0 : 1) + key.length();
        int end = text.indexOf('\n', start);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    /** The whitespace-separated words of a status value ("Uid:\t0\t0\t0\t0"). */
    static String[] words(String value) {
        return value == null || value.isBlank() ? new String[0] : value.strip().split("\\s+");
    }

    static long parseLong(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A status size such as "VmRSS:\t  1234 kB" as kB. */
    static int kb(String status, String key) {
        String[] w = words(field(status, key));
        return w.length == 0 ? 0 : (int) parseLong(w[0], 0);
    }

    static long hex(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseUnsignedLong(s.strip(), 16);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
