/**
 * The detection engine: runs the selected rules of a {@link dev.talon.rules.RuleSet} against each
 * event, after the state update for that event, like Falco's engine.
 *
 * <p>Rules are indexed by event type once ({@link dev.talon.rules.EventTypeSet}), so an event is only
 * tested against rules whose condition can match its type, in definition order; with
 * {@code rule_matching: first} evaluation stops at the first match. Evaluating a condition is
 * delegated to a {@link dev.talon.rules.engine.RuleBinder} (talon-inspect's filter compiler and
 * formatter in production, simple fakes in tests), so this package allocates nothing per event
 * unless a rule fires. {@link dev.talon.rules.engine.RuleSelection} holds Falco's enable/disable
 * options ({@code -D}, {@code -T}, {@code -t}, config {@code rules:} blocks, minimum priority).
 */
package dev.talon.rules.engine;
