package dev.talon.inspect.filter;

import dev.talon.event.EventView;

/**
 * A compiled filter condition: evaluated per event against the state after the event (see
 * {@link dev.talon.inspect.field.EventContext}), without allocating.
 */
@FunctionalInterface
public interface EventPredicate {
    boolean test(EventView e);

    /** The empty filter. */
    EventPredicate ALL = e -> true;
}
