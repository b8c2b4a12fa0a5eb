package dev.talon.rules;

import java.util.List;
import java.util.function.Predicate;

/**
 * {@code talon detect --list}: describes loaded rules, one block per rule in definition order: name,
 * priority, whether it runs, source, tags, the event types it is indexed under and its compiled condition
 * (Falco's {@code condition_compiled}), output and where it was defined.
 */
public final class RuleListing {
    private RuleListing() {
    }

    /** @param selected whether each rule runs with the current selection options */
    public static String describe(RuleSet rules, Predicate<CompiledRule> selected) {
        StringBuilder b = new StringBuilder();
        for (CompiledRule r : rules.rules()) {
            describe(b, r, selected.test(r));
        }
        return b.toString();
    }

    static void describe(StringBuilder b, CompiledRule r, boolean selected) {
        b.append("Rule: ").append(r.name()).append('\n');
        b.append("  priority: ").append(r.priority().displayName()).append('\n');
        b.append("  enabled: ").append(r.enabled());
        if (selected != r.enabled()) {
            b.append(selected ? " (enabled by the selection options)" : " (not evaluated: selection options)");
        }
        b.append('\n');
        b.append("  source: ").append(r.source()).append('\n');
        b.append("  tags: ").append(r.sortedTags()).append('\n');
        EventTypeSet t = r.eventTypes();
        b.append("  event types: ");
        if (t.isAll()) {
            b.append("all");
        } else {
            List<String> names = List.copyOf(t.names());
            b.append(names.size() > 100 ? names.size() + " types" : String.join(", ", names));
        }
        b.append('\n');
        b.append("  condition: ").append(r.compiledCondition()).append('\n');
        b.append("  output: ").append(r.output()).append('\n');
        b.append("  defined at: ").append(r.file()).append(':').append(r.line()).append('\n');
        b.append('\n');
    }
}
