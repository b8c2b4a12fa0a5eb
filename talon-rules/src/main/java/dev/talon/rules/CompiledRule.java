package dev.talon.rules;

import dev.talon.outputs.Priority;
import dev.talon.filter.Expr;

import java.util.List;
import java.util.Set;

/**
 * A rule ready for evaluation: {@code condition} is the fully expanded AST (lists, macros and
 * exceptions applied, bare field values promoted), {@code compiledCondition} its canonical text
 * (Falco's {@code condition_compiled}); {@code index} is the definition order used for matching;
 * {@code tags} are sorted. {@code captureDuration} is in ms, 0 if not set.
 */
public record CompiledRule(int index, String name, String description, Expr condition, String compiledCondition,
                           String output, Priority priority, Set<String> tags, String source, boolean enabled,
                           List<ExceptionSpec> exceptions, EventTypeSet eventTypes, boolean warnEvttypes,
                           boolean skipIfUnknownFilter, boolean capture, long captureDuration, String file, int line) {
    public CompiledRule {
        tags = Set.copyOf(new java.util.TreeSet<>(tags));
        exceptions = List.copyOf(exceptions);
    }

    /** Tags in sorted order. */
    public List<String> sortedTags() {
        return tags.stream().sorted().toList();
    }
}
