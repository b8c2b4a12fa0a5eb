package dev.talon.rules;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz target for the rules cache's decoder (its files can be damaged on disk): any bytes, with or without a valid
 * checksum, decode to a rule set or fail with IllegalArgumentException; nothing else may escape.
 */
class RuleSetCodecFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void decode(FuzzedDataProvider data) {
        boolean fixChecksum = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        if (fixChecksum && bytes.length >= 4) RuleSetCodecTest.withChecksum(bytes);
        try {
            RuleSetCodec.decode(bytes);
        } catch (IllegalArgumentException expected) {
            // refused: the cache then loads the rules files
        }
    }
}
