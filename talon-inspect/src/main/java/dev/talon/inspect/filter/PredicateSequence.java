package dev.talon.inspect.filter;

import dev.talon.event.EventView;

/**
 * Predicates tested in a fixed order, as a rules engine tests the rules of one event type: {@link #next}
 * finds the first one, from an index on, that holds for an event.
 *
 * <p>Made by {@link #of}: generated code that calls each predicate on a constant (see
 * {@link PredicateGenerator#sequence}), so the engine's one call per rule is not a call site shared by every
 * rule's condition class.
 */
public interface PredicateSequence {
    /**
     * The index of the first predicate at or after {@code from} (0 or more) that holds for {@code e}; -1 when
     * none does.
     */
    int next(EventView e, int from);

    /** The predicates in this order (the array is copied). */
    static PredicateSequence of(EventPredicate... predicates) {
        return PredicateGenerator.sequence(predicates.clone());
    }
}
