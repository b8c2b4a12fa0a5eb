package dev.talon.rules.engine;

import dev.talon.event.EventTypes;
import dev.talon.event.EventView;
import dev.talon.outputs.Alert;
import dev.talon.outputs.Priority;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleLoadException;
import dev.talon.rules.RuleLoader;
import dev.talon.rules.RuleSet;
import dev.talon.scap.synthetic.EventEncoder;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine's own logic, with a fake binder (conditions are Java predicates keyed by rule name, outputs
 * echo the format): event-type indexing, definition order, first/all matching, selection, append_output
 * and the alert it builds.
 */
class DetectionEngineTest {
    static final String RULES = """
            - rule: open etc
              desc: d
              condition: evt.type = open and evt.dir = <
              output: open by %proc.name
              priority: WARNING
              tags: [filesystem, t1]
            - rule: any open
              desc: d
              condition: evt.type in (open, openat) and evt.dir = <
              output: any open %fd.name
              priority: NOTICE
              tags: [filesystem]
            - rule: all types
              desc: d
              condition: proc.name = x
              output: all %evt.type
              priority: DEBUG
              tags: [process]
              warn_evttypes: false
            - rule: off by default
              desc: d
              condition: evt.type = close
              output: close
              priority: CRITICAL
              enabled: false
              tags: [t1]
            """;

    /** Fake conditions: which tids each rule fires for (-1: every event). */
    final Map<String, Predicate<EventView>> conditions = new HashMap<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<String> evaluated = new ArrayList<>();

    RuleBinder binder() {
        return new RuleBinder() {
            @Override
            public Condition condition(CompiledRule rule) {
                Predicate<EventView> p = conditions.getOrDefault(rule.name(), e -> true);
                return e -> {
                    evaluated.add(rule.name());
                    return p.test(e);
                };
            }

            @Override
            public Output output(CompiledRule rule, String format) {
                return new Output() {
                    @Override
                    public String message(EventView e) {
                        return format + " tid=" + e.tid();
                    }

                    @Override
                    public Map<String, Object> fields(EventView e) {
                        return Map.of("thread.tid", e.tid());
                    }
                };
            }
        };
    }

    static RuleSet rules() throws RuleLoadException {
        return new RuleLoader().add("test.yaml", RULES).load();
    }

    static EventView event(int type, long tid, Object... params) {
        return new EventView().wrap(MemorySegment.ofArray(EventEncoder.encode(type, 1_470_327_477_881_781_397L, tid, params)), 0);
    }

    DetectionEngine engine(RuleSelection sel, DetectionEngine.Settings settings) throws Exception {
        return DetectionEngine.build(rules(), sel, binder(), settings, alerts::add);
    }

    @Test
    void onlyRulesIndexedUnderTheEventTypeAreEvaluatedInDefinitionOrderFirstMatchWins() throws Exception {
        DetectionEngine engine = engine(RuleSelection.defaults(), DetectionEngine.Settings.defaults());
        EventView open = event(EventTypes.PPME_SYSCALL_OPEN_X, 42, 3L, "/etc/shadow", 0, 0);
        assertThat(engine.process(open)).isEqualTo(1);
        assertThat(evaluated).containsExactly("open etc");
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("open etc");
            assertThat(a.priority()).isEqualTo(Priority.WARNING);
            assertThat(a.message()).isEqualTo("open by %proc.name tid=42");
            assertThat(a.timeNanos()).isEqualTo(1_470_327_477_881_781_397L);
            assertThat(a.tags()).containsExactly("filesystem", "t1");
            assertThat(a.source()).isEqualTo("syscall");
            assertThat(a.outputFields()).containsEntry("thread.tid", 42L).containsEntry("evt.time", 1_470_327_477_881_781_397L);
        });
        evaluated.clear();
        // close: only the all-types rule is a candidate (the close rule is disabled by its file)
        engine.process(event(EventTypes.PPME_SYSCALL_CLOSE_X, 42, 0L));
        assertThat(evaluated).containsExactly("all types");
        assertThat(engine.candidateCount(EventTypes.PPME_SYSCALL_OPEN_X)).isEqualTo(3);
        assertThat(engine.alertsByRule()).containsExactly(Map.entry("open etc", 1L), Map.entry("all types", 1L));
        assertThat(engine.events()).isEqualTo(2);
    }

    @Test
    void allMatchingRaisesEveryMatchInOrderAndFalseConditionsFallThrough() throws Exception {
        conditions.put("open etc", e -> false);
        DetectionEngine engine = engine(RuleSelection.defaults(),
                new DetectionEngine.Settings(DetectionEngine.Matching.ALL, true, List.of()));
        assertThat(engine.process(event(EventTypes.PPME_SYSCALL_OPEN_X, 7, 3L, "/x", 0, 0))).isEqualTo(2);
        assertThat(alerts).extracting(Alert::rule).containsExactly("any open", "all types");
        assertThat(alerts.getFirst().outputFields()).containsKey("evt.time.iso8601").doesNotContainKey("evt.time");
        assertThat(engine.alertsByPriority()).containsExactly(Map.entry("NOTICE", 1L), Map.entry("DEBUG", 1L));
    }

    @Test
    void minimumPriorityDisableByNameAndTagAndOnlyTag() throws Exception {
        RuleSet rs = rules();
        assertThat(names(rs, RuleSelection.builder().minimumPriority(Priority.NOTICE).build()))
                .containsExactly("open etc", "any open");
        assertThat(names(rs, RuleSelection.builder().disableNameContaining("open").build())).containsExactly("all types");
        assertThat(names(rs, RuleSelection.builder().disableTag("filesystem").build())).containsExactly("all types");
        // -t enables rules with the tag even if their file disabled them, and only those
        assertThat(names(rs, RuleSelection.builder().onlyTag("t1").build())).containsExactly("open etc", "off by default");
        assertThatThrownBy(() -> RuleSelection.builder().onlyTag("a").disableTag("b").build())
                .hasMessage("You can not specify both disabled (-D/-T) and enabled (-t) conditions");
    }

    @Test
    void configRulesBlocksApplyInOrderWithGlobs() throws Exception {
        RuleSet rs = rules();
        Object raw = List.of(Map.of("disable", Map.of("rule", "*")), Map.of("enable", Map.of("tag", "filesystem")),
                Map.of("disable", Map.of("rule", "any ?pen")), Map.of("enable", Map.of("rule", "off*")));
        assertThat(names(rs, RuleSelection.builder().configRules(raw).build())).containsExactly("open etc", "off by default");
        assertThatThrownBy(() -> RuleSelection.builder().configRules(List.of(Map.of("enabel", Map.of("rule", "x")))))
                .hasMessageContaining("rules: entry 1: unknown key 'enabel'");
        assertThatThrownBy(() -> RuleSelection.builder().configRules(List.of(Map.of("enable", Map.of("name", "x")))))
                .hasMessageContaining("rules: entry 1: 'enable' needs exactly one of");
    }

    @Test
    void globMatching() {
        assertThat(RuleSelection.Glob.matches("*", "")).isTrue();
        assertThat(RuleSelection.Glob.matches("Write below*", "Write below binary dir")).isTrue();
        assertThat(RuleSelection.Glob.matches("*binary*", "Write below binary dir")).isTrue();
        assertThat(RuleSelection.Glob.matches("Write?below", "Write below")).isTrue();
        assertThat(RuleSelection.Glob.matches("Write", "Write below")).isFalse();
        assertThat(RuleSelection.Glob.matches("*dir", "dir x")).isFalse();
    }

    @Test
    void appendOutputAddsTextAndFieldsToMatchingRules() throws Exception {
        List<AppendOutput> append = AppendOutput.parse(List.of(
                Map.of("match", Map.of("tags", List.of("t1")), "extra_output", "on cpu %evt.cpu",
                        "extra_fields", List.of("proc.pid", Map.of("home", "%proc.cwd"))),
                Map.of("suggested_output", true)));
        DetectionEngine engine = engine(RuleSelection.defaults(), new DetectionEngine.Settings(
                DetectionEngine.Matching.FIRST, false, append));
        engine.process(event(EventTypes.PPME_SYSCALL_OPEN_X, 9, 3L, "/x", 0, 0));
        Alert a = alerts.getFirst();
        assertThat(a.message()).isEqualTo("open by %proc.name on cpu %evt.cpu " + AppendOutput.SUGGESTED + " tid=9");
        // the fake renders an extra field's format as its value, and a field's value as thread.tid
        assertThat(a.outputFields()).containsEntry("proc.pid", 9L).containsEntry("home", "%proc.cwd tid=9");
        assertThatThrownBy(() -> AppendOutput.parse(List.of(Map.of("extra", "x"))))
                .hasMessage("append_output entry 1: unknown key 'extra'");
    }

    @Test
    void bindFailureNamesTheRuleAndItsLocation() throws Exception {
        RuleBinder failing = new RuleBinder() {
            @Override
            public Condition condition(CompiledRule rule) throws BindException {
                throw new BindException("field proc.nope is not supported");
            }

            @Override
            public Output output(CompiledRule rule, String format) throws BindException {
                return binder().output(rule, format);
            }
        };
        assertThatThrownBy(() -> DetectionEngine.build(rules(), RuleSelection.defaults(), failing,
                DetectionEngine.Settings.defaults(), alerts::add))
                .isInstanceOf(RuleBinder.BindException.class)
                .hasMessage("rule 'open etc' (test.yaml:1): condition: field proc.nope is not supported");
        DetectionEngine lenient = DetectionEngine.build(rules(), RuleSelection.defaults(), failing,
                DetectionEngine.Settings.defaults(), alerts::add, true);
        assertThat(lenient.rules()).isEmpty();
        assertThat(lenient.skipped()).extracting(s -> s.rule().name()).containsExactly("open etc", "any open", "all types");
        assertThat(lenient.skipped().getFirst().reason()).endsWith("field proc.nope is not supported");
        assertThatThrownBy(() -> DetectionEngine.Matching.parse("some")).hasMessageContaining("'first' or 'all'");
    }

    @Test
    void processingAllocatesNothingWhenNoRuleFires() throws Exception {
        conditions.put("open etc", e -> false);
        conditions.put("any open", e -> false);
        conditions.put("all types", e -> false);
        RuleBinder quiet = new RuleBinder() {
            @Override
            public Condition condition(CompiledRule rule) {
                return conditions.get(rule.name())::test;
            }

            @Override
            public Output output(CompiledRule rule, String format) throws BindException {
                return binder().output(rule, format);
            }
        };
        DetectionEngine engine = DetectionEngine.build(rules(), RuleSelection.defaults(), quiet,
                DetectionEngine.Settings.defaults(), alerts::add);
        EventView open = event(EventTypes.PPME_SYSCALL_OPEN_X, 9, 3L, "/x", 0, 0);
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            engine.process(open); // warm up (JIT, escape analysis)
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            engine.process(open);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated for 100k events").isLessThan(10_000);
        assertThat(alerts).isEmpty();
    }

    static List<String> names(RuleSet rs, RuleSelection sel) {
        return rs.rules().stream().filter(sel::isSelected).map(CompiledRule::name).toList();
    }
}
