package dev.talon.rules;

import java.util.Locale;

/** Rule priority, most severe first; {@link #ordinal()} is Falco's numeric level (0..7). */
public enum Priority {
    EMERGENCY("Emergency"),
    ALERT("Alert"),
    CRITICAL("Critical"),
    ERROR("Error"),
    WARNING("Warning"),
    NOTICE("Notice"),
    INFORMATIONAL("Informational"),
    DEBUG("Debug");

    private final String displayName;

    Priority(String displayName) {
        this.displayName = displayName;
    }

    /** Capitalised name as Falco prints it in text and JSON output. */
    public String displayName() {
        return displayName;
    }

    /** True if this priority is at least as severe as {@code threshold}. */
    public boolean atLeast(Priority threshold) {
        return ordinal() <= threshold.ordinal();
    }

    /** Case-insensitive parse; {@code INFO} is accepted for INFORMATIONAL. Null if invalid. */
    public static Priority parse(String s) {
        String u = s.trim().toUpperCase(Locale.ROOT);
        if (u.equals("INFO")) {
            return INFORMATIONAL;
        }
        for (Priority p : values()) {
            if (p.name().equals(u)) {
                return p;
            }
        }
        return null;
    }
}
