package dev.talon.inspect.field;

import dev.talon.event.EventView;

/**
 * One filter/format field (evt.type, proc.name, fd.name, ...), resolved once by name and then evaluated
 * per event without lookups. Values are produced as text into a caller's buffer, or as a number for
 * numeric fields.
 */
public interface Field {
    /** The field name as written by the user, e.g. {@code proc.name}. */
    String name();

    /** Whether the value is numeric (JSON writes it unquoted). */
    boolean numeric();

    /** Appends the text value; returns false (appending nothing) when the field has no value for this event. */
    boolean append(StringBuilder sb, EventView e);

    /** The numeric value; only meaningful when {@link #numeric()} and the field is set. */
    default long number(EventView e) {
        return 0;
    }
}
