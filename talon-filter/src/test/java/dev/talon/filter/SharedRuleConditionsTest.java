package dev.talon.filter;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code condition:} of the three shared Falco rule files parses (before list/macro
 * expansion: list and macro names are plain identifiers/values to the parser) and its canonical
 * form is a fixed point of print ∘ parse.
 */
class SharedRuleConditionsTest {
    static final List<String> FILES =
            List.of("falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml");

    @TestFactory
    List<DynamicTest> everyConditionParses() throws IOException {
        Path rules = SharedRules.sharedDir().resolve("rules");
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(rules.resolve(file)));
            int n = 0;
            for (Object item : (List<?>) doc) {
                if (item instanceof Map<?, ?> m && m.get("condition") instanceof String cond) {
                    String name = file + " " + (m.containsKey("rule") ? "rule " + m.get("rule") : "macro " + m.get("macro"));
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        Expr e = FilterParser.parse(cond);
                        String printed = FilterPrinter.print(e);
                        assertThat(FilterParser.parse(printed)).isEqualTo(e);
                        assertThat(FilterPrinter.print(FilterParser.parse(printed))).isEqualTo(printed);
                    }));
                    n++;
                }
            }
            assertThat(n).as("conditions in " + file).isGreaterThan(100);
        }
        return tests;
    }
}
