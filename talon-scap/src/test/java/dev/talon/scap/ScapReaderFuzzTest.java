package dev.talon.scap;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.talon.event.EventView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target: arbitrary bytes, stored as a file, fed to {@link ScapReader}. Reading must end cleanly or
 * with a {@link CaptureException}; anything else (a RuntimeException, an OutOfMemoryError from a lying
 * length, a hang) is a finding. In a normal build it replays the seeds under
 * {@code ScapReaderFuzzTestInputs/}; run with {@code JAZZER_FUZZ=1} to fuzz.
 */
class ScapReaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void readArbitraryBytes(byte[] data) throws IOException {
        Path file = Files.createTempFile("talon-fuzz", ".scap");
        try {
            Files.write(file, data);
            EventView v = new EventView();
            try (Source src = ScapReader.open(file, new MetadataCollector())) {
                long n = 0;
                while (src.next(v)) {
                    n++;
                    // touch every parameter the view claims, as a consumer would
                    for (int i = 0; i < v.paramCount(); i++) {
                        v.paramSlice(i);
                    }
                    if (n > data.length) {
                        throw new AssertionError("more events than bytes: the reader is looping");
                    }
                }
            } catch (CaptureException expected) {
                // damaged input is reported, not thrown as anything else
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
