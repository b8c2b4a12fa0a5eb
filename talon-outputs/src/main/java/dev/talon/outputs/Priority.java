package dev.talon.outputs;

import java.util.Locale;

/**
 * Falco rule priority, most severe first. The ordinal is Falco's numeric level, which is also the
 * syslog severity (LOG_EMERG = 0 ... LOG_DEBUG = 7).
 */
public enum Priority {
    EMERGENCY("Emergency"),
    ALERT("Alert"),
    CRITICAL("Critical"),
    ERROR("Error"),
    WARNING("Warning"),
    NOTICE("Notice"),
    INFORMATIONAL("Informational"),
    DEBUG("Debug");

    private static final Priority[] VALUES = values();

    private final String displayName;

    Priority(String displayName) {
        this.displayName = displayName;
    }

    /** The capitalised name Falco prints in text and JSON outputs ({@code Warning}, {@code Informational}). */
    public String displayName() {
        return displayName;
    }

    /** Falco's numeric level: 0 (Emergency) to 7 (Debug); equal to the syslog severity. */
    public int level() {
        return ordinal();
    }

    /** True if this priority is at least as severe as {@code threshold} (Falco's minimum-priority test). */
    public boolean isAtLeast(Priority threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /**
     * Parses a priority like Falco: case-insensitive, {@code info} accepted for {@code informational}.
     *
     * @throws IllegalArgumentException {@code Invalid priority '<text>'} for anything else
     */
    public static Priority parse(String text) {
        if (text != null) {
            String upper = text.trim().toUpperCase(Locale.ROOT);
            if (upper.equals("INFO")) {
                return INFORMATIONAL;
            }
            for (Priority p : VALUES) {
                if (p.name().equals(upper)) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("Invalid priority '" + text + "'");
    }

    /** The priority with Falco's numeric level {@code level}. */
    public static Priority ofLevel(int level) {
        if (level < 0 || level >= VALUES.length) {
            throw new IllegalArgumentException("Invalid priority level " + level + " (expected 0..7)");
        }
        return VALUES[level];
    }

    @Override
    public String toString() {
        return displayName;
    }
}
