package dev.talon.inspect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.CaptureException;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: arbitrary bytes read as a capture through the whole inspect path (state from metadata and
 * events, the default line and JSON), the way {@code talon inspect -r} treats an untrusted file. The run
 * must end cleanly or with a {@link CaptureException}, and no value may break a JSON line (a name in a
 * capture is attacker-chosen). Replays its seeds in a normal build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class InspectorFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void inspectArbitraryCapture(byte[] data) throws Exception {
        Path file = Files.createTempFile("talon-fuzz", ".scap");
        try {
            Files.write(file, data);
            for (boolean json : new boolean[] {false, true}) {
                StateTracker state = new StateTracker();
                Inspector inspector = new Inspector(state,
                        new Inspector.Options(null, json, 0, null, false, false, null, false));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (Source s = ScapReader.open(file, new CaptureMetadata(state))) {
                    inspector.run(s, out, null);
                } catch (CaptureException expected) {
                    // damaged input is reported, not thrown as anything else; what was read is printed
                }
                checkLines(out.toString(StandardCharsets.ISO_8859_1), json);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every JSON line is one object (text lines keep a raw newline where sysdig prints one, e.g. in proc.exe). */
    private static void checkLines(String out, boolean json) {
        if (!json) return;
        for (String line : out.split("\n", -1)) {
            if (line.isEmpty()) continue;
            if (!line.startsWith("{") || !line.endsWith("}")) throw new AssertionError("a JSON line broken: " + line);
        }
    }
}
