package dev.talon.inspect.filter.simple;

import dev.talon.event.EventView;

/** A compiled filter: evaluated per event against the state after the event, without allocating. */
public interface Filter {
    boolean matches(EventView e);

    Filter ALL = e -> true;
}
