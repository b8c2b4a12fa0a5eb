package dev.talon.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the loader (rules files are untrusted input): any content either loads or
 * fails with RuleLoadException carrying at least one located error; nothing else may escape.
 * Runs its seed corpus as a regression test in a normal build.
 */
class RuleLoaderFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void load(FuzzedDataProvider data) {
        String first = data.consumeString(4000);
        String second = data.consumeRemainingAsString();
        try {
            new RuleLoader().add("a.yaml", first).add("b.yaml", second).load();
        } catch (RuleLoadException e) {
            if (e.errors().isEmpty()) {
                throw new AssertionError("RuleLoadException without errors");
            }
            for (RuleMessage m : e.errors()) {
                if (m.code().isEmpty() || m.text() == null || m.line() < 0 || m.column() < 0) {
                    throw new AssertionError("malformed message: " + m);
                }
            }
        }
    }
}
