package dev.talon.rules;

import dev.talon.outputs.Priority;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three shared Falco rule files load unchanged, in order, with no errors.
 *
 * <p>Expected rule counts are taken from the files themselves, independently of the YAML loader:
 * the number of lines matching {@code ^- rule:} (every rule item in these files starts a top-level
 * sequence entry with its {@code rule} key, and none of them appends to or overrides an earlier
 * rule, so each such line is one new rule). SOURCES.md records the same numbers (25 / 31 / 37).
 */
class SharedRulesTest {
    static final List<String> FILES = List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml");
    static RuleSet rules;

    @BeforeAll
    static void load() throws RuleLoadException {
        Path dir = Shared.dir().resolve("rules");
        RuleLoader loader = new RuleLoader();
        for (String f : FILES) {
            loader.addFile(dir.resolve(f));
        }
        try {
            rules = loader.load();
        } catch (RuleLoadException e) {
            e.messages().stream().filter(RuleMessage::isError).limit(30).forEach(System.err::println);
            throw e;
        }
    }

    static int countRuleLines(Path file) throws IOException {
        Pattern p = Pattern.compile("^- rule:");
        return (int) Files.readAllLines(file).stream().filter(l -> p.matcher(l).find()).count();
    }

    @Test
    void ruleCountPerFileMatchesTheFiles() throws IOException {
        Path dir = Shared.dir().resolve("rules");
        for (String f : FILES) {
            assertThat(rules.rulesPerFile().get(dir.resolve(f).toString())).as(f).isEqualTo(countRuleLines(dir.resolve(f)));
        }
        assertThat(FILES.stream().map(f -> rules.rulesPerFile().get(dir.resolve(f).toString())).toList())
                .containsExactly(25, 31, 37);
        assertThat(rules.rules()).hasSize(25 + 31 + 37);
        assertThat(rules.rules().stream().filter(r -> !r.enabled()).count()).isEqualTo(12);
    }

    @Test
    void containerPluginRequirementIsSatisfiedNatively() {
        assertThat(rules.messages()).filteredOn(m -> m.code().equals("LOAD_PLUGIN_BUILTIN")).hasSize(3)
                .allSatisfy(m -> {
                    assertThat(m.severity()).isEqualTo(RuleMessage.Severity.INFO);
                    assertThat(m.text()).contains("container >= 0.4.0").contains("natively");
                });
    }

    @Test
    void compiledRulesLookRight() {
        CompiledRule shell = rules.rule("Terminal shell in container").orElseThrow();
        assertThat(shell.priority()).isEqualTo(Priority.NOTICE);
        assertThat(shell.eventTypes().names()).containsExactlyInAnyOrder("execve", "execveat");
        assertThat(shell.compiledCondition()).startsWith("(").contains("evt.type in (execve, execveat)");
        assertThat(shell.tags()).contains("container", "shell");
        assertThat(shell.output()).contains("%proc.name");
        assertThat(shell.source()).isEqualTo("syscall");
        // definition order is kept
        for (int i = 1; i < rules.rules().size(); i++) {
            assertThat(rules.rules().get(i).index()).isGreaterThan(rules.rules().get(i - 1).index());
        }
        Map<Priority, Long> byPriority = rules.rules().stream()
                .collect(java.util.stream.Collectors.groupingBy(CompiledRule::priority, java.util.stream.Collectors.counting()));
        assertThat(byPriority).containsEntry(Priority.CRITICAL, 13L).containsEntry(Priority.WARNING, 29L)
                .containsEntry(Priority.NOTICE, 33L).containsEntry(Priority.INFORMATIONAL, 6L).containsEntry(Priority.ERROR, 12L);
    }

    @Test
    void printWarningsSummary() {
        Map<String, Long> byCode = rules.messages().stream()
                .collect(java.util.stream.Collectors.groupingBy(RuleMessage::code, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        System.out.println("shared rules load messages by code: " + byCode);
        assertThat(rules.messages()).noneMatch(RuleMessage::isError);
    }
}
