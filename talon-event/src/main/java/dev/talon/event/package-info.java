/**
 * The event schema (generated from shared/spec by {@code talon-event/src/gen/SchemaGenerator.java}) and the
 * zero-copy {@link dev.talon.event.EventView} that every event source fills and every consumer reads.
 */
package dev.talon.event;
