package dev.talon.inspect.field;

import java.util.function.UnaryOperator;

/**
 * One part of a path ({@code fd.directory}, {@code fd.filename}) kept per path instance, so an fd whose
 * name the state already holds gets the same part string every time: no substring per event, and checks
 * that keep their result for the last string instance ({@code fd.directory in (...)}) skip their match.
 * Direct-mapped by the path's hash (which a String caches), replaced on collision, never growing.
 */
final class PathParts {
    private static final int SLOTS = 256; // a power of two

    private final String[] paths = new String[SLOTS];
    private final String[] parts = new String[SLOTS];
    private final UnaryOperator<String> part;

    PathParts(UnaryOperator<String> part) {
        this.part = part;
    }

    String of(String path) {
        int slot = (path.hashCode() * 0x9E3779B9) >>> 24; // the top 8 bits of the spread hash
        if (paths[slot] == path) return parts[slot];
        String p = part.apply(path);
        paths[slot] = path;
        parts[slot] = p;
        return p;
    }
}
