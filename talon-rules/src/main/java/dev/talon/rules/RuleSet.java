package dev.talon.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a successful load: rules in definition order (disabled ones included, with
 * {@code enabled=false}), expanded lists by name, the warnings and infos of the load, and the
 * rule count per file (new rule definitions, by the file that first defined them).
 */
public record RuleSet(List<CompiledRule> rules, Map<String, List<String>> lists, List<RuleMessage> messages,
                      Map<String, Integer> rulesPerFile) {
    public RuleSet {
        rules = List.copyOf(rules);
        lists = Map.copyOf(lists);
        messages = List.copyOf(messages);
        rulesPerFile = Map.copyOf(rulesPerFile);
    }

    public Optional<CompiledRule> rule(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public List<RuleMessage> warnings() {
        return messages.stream().filter(m -> m.severity() == RuleMessage.Severity.WARNING).toList();
    }
}
