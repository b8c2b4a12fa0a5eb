/** A minimal sysdig filter parser and evaluator (comparisons with and/or/not), until talon-filter is wired in. */
package dev.talon.inspect.filter.simple;
