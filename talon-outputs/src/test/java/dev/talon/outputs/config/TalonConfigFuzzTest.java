package dev.talon.outputs.config;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Fuzz target: arbitrary text as talon.yaml plus an arbitrary {@code -o} option. Parsing must succeed or
 * throw {@link ConfigException}; any other exception is a finding. In a normal build it replays the
 * seeds under {@code TalonConfigFuzzTestInputs/}; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class TalonConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parseArbitraryConfig(FuzzedDataProvider data) {
        String option = data.consumeString(200);
        String yaml = data.consumeRemainingAsString();
        try {
            TalonConfig c = TalonConfig.parse(yaml, "fuzz.yaml", List.of(option));
            c.httpOutput();
            c.formatOptions();
            c.metrics();
            c.outputsRate();
        } catch (ConfigException expected) {
            if (expected.getMessage() == null || !expected.getMessage().startsWith(expected.source())) {
                throw new AssertionError("config error without its location: " + expected.getMessage());
            }
        }
    }
}
