package dev.talon.filter;

/** Whether a field takes an argument ({@code proc.aname[2]}, {@code evt.arg.name}). */
public enum ArgumentMode {
    NONE, OPTIONAL, REQUIRED
}
