package dev.talon.rules.engine;

import dev.talon.outputs.Priority;
import dev.talon.rules.CompiledRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which rules run, Falco's way. A rule starts with its file's {@code enabled} value; then, in order, the
 * config's {@code rules:} entries ({@code enable}/{@code disable} by rule-name glob or tag), then the
 * command line: {@code -D substring} disables rules whose name contains it, {@code -T tag} disables
 * rules with the tag, {@code -t tag} (repeatable) keeps only rules with one of the tags. An explicit
 * enable can turn on a rule its file disabled. Finally rules less severe than the minimum priority
 * never run. Immutable; build with {@link #builder()}.
 */
public final class RuleSelection {
    /** One {@code rules:} entry or command-line option, applied in order. */
    record Step(boolean enable, String ruleGlob, String tag, String nameSubstring) {
        boolean selects(CompiledRule r) {
            if (ruleGlob != null) {
                return Glob.matches(ruleGlob, r.name());
            }
            if (tag != null) {
                return r.tags().contains(tag);
            }
            return r.name().contains(nameSubstring);
        }
    }

    private final List<Step> steps;
    private final List<String> onlyTags;
    private final Priority minimumPriority;

    private RuleSelection(Builder b) {
        this.steps = List.copyOf(b.steps);
        this.onlyTags = List.copyOf(b.onlyTags);
        this.minimumPriority = b.minimumPriority;
    }

    /** Every rule its file enables, at any priority. */
    public static RuleSelection defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Priority minimumPriority() {
        return minimumPriority;
    }

    /** Whether {@code r} is evaluated. */
    public boolean isSelected(CompiledRule r) {
        boolean on = r.enabled();
        for (Step s : steps) {
            if (s.selects(r)) {
                on = s.enable();
            }
        }
        if (!onlyTags.isEmpty()) {
            on = onlyTags.stream().anyMatch(r.tags()::contains);
        }
        return on && r.priority().isAtLeast(minimumPriority);
    }

    /** Collects the selection options; {@link #build()} rejects {@code -t} mixed with {@code -D}/{@code -T} like Falco. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private final List<Step> cli = new ArrayList<>();
        private final List<String> onlyTags = new ArrayList<>();
        private Priority minimumPriority = Priority.DEBUG;

        private Builder() {
        }

        /** Config {@code rules: - enable: {rule: glob}} (or {@code disable}). */
        public Builder ruleByName(boolean enable, String glob) {
            steps.add(new Step(enable, Objects.requireNonNull(glob), null, null));
            return this;
        }

        /** Config {@code rules: - enable: {tag: t}} (or {@code disable}). */
        public Builder ruleByTag(boolean enable, String tag) {
            steps.add(new Step(enable, null, Objects.requireNonNull(tag), null));
            return this;
        }

        /**
         * Config {@code rules:} entries, applied in order: each a mapping with one key {@code enable} or
         * {@code disable} whose value is {@code {rule: glob}} or {@code {tag: name}}.
         *
         * @throws IllegalArgumentException naming the entry (1-based) that is malformed
         */
        public Builder configRules(Object raw) {
            if (raw == null) {
                return this;
            }
            if (!(raw instanceof List<?> list)) {
                throw new IllegalArgumentException("rules: must be a list of enable/disable entries");
            }
            int n = 0;
            for (Object o : list) {
                n++;
                String where = "rules: entry " + n;
                if (!(o instanceof java.util.Map<?, ?> m) || m.size() != 1) {
                    throw new IllegalArgumentException(where + " must be a mapping with one key, 'enable' or 'disable'");
                }
                var e = m.entrySet().iterator().next();
                String op = String.valueOf(e.getKey());
                if (!op.equals("enable") && !op.equals("disable")) {
                    throw new IllegalArgumentException(where + ": unknown key '" + op + "' (expected 'enable' or 'disable')");
                }
                if (!(e.getValue() instanceof java.util.Map<?, ?> sel) || sel.size() != 1
                        || !(sel.containsKey("rule") || sel.containsKey("tag")) || sel.values().iterator().next() == null) {
                    throw new IllegalArgumentException(where + ": '" + op + "' needs exactly one of 'rule: <name glob>' or 'tag: <tag>'");
                }
                boolean enable = op.equals("enable");
                if (sel.containsKey("rule")) {
                    ruleByName(enable, String.valueOf(sel.get("rule")));
                } else {
                    ruleByTag(enable, String.valueOf(sel.get("tag")));
                }
            }
            return this;
        }

        /** {@code -D substring}. */
        public Builder disableNameContaining(String substring) {
            cli.add(new Step(false, null, null, Objects.requireNonNull(substring)));
            return this;
        }

        /** {@code -T tag}. */
        public Builder disableTag(String tag) {
            cli.add(new Step(false, null, Objects.requireNonNull(tag), null));
            return this;
        }

        /** {@code -t tag}: only rules with this (or another {@code -t}) tag run. */
        public Builder onlyTag(String tag) {
            onlyTags.add(Objects.requireNonNull(tag));
            return this;
        }

        public Builder minimumPriority(Priority p) {
            this.minimumPriority = Objects.requireNonNull(p);
            return this;
        }

        /** @throws IllegalArgumentException for {@code -t} together with {@code -D}/{@code -T} */
        public RuleSelection build() {
            if (!onlyTags.isEmpty() && !cli.isEmpty()) {
                throw new IllegalArgumentException("You can not specify both disabled (-D/-T) and enabled (-t) conditions");
            }
            steps.addAll(cli);
            cli.clear();
            return new RuleSelection(this);
        }
    }

    /** Falco's rule-name wildcards: {@code *} any run of characters, {@code ?} one character. */
    static final class Glob {
        private Glob() {
        }

        static boolean matches(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int mark = 0;
            while (t < text.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                    p++;
                    t++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    mark = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++mark;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }
}
