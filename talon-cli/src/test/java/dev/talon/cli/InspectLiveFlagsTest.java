package dev.talon.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Live-only flags of talon inspect are refused with -r instead of being silently ignored. */
class InspectLiveFlagsTest {

    private static String errorOf(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args, new PrintWriter(new StringWriter()));
            assertThat(code).isEqualTo(1);
        } finally {
            System.setErr(saved);
        }
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void rotationAndDurationFlagsNeedALiveCapture() {
        for (String flag : new String[] {"-C", "-W", "-G", "-M"}) {
            assertThat(errorOf("inspect", "-r", "/nonexistent.scap", flag, "1"))
                    .isEqualTo("talon: -C, -W, -G, -M and --probe-stats apply to live captures (without -r)");
        }
        assertThat(errorOf("inspect", "-r", "/nonexistent.scap", "--probe-stats"))
                .startsWith("talon: -C, -W, -G, -M and --probe-stats");
    }

    @Test
    void negativeNumbersAreRefused() {
        assertThat(errorOf("inspect", "-M", "-1")).isEqualTo("talon: -C, -W, -G and -M take non-negative numbers");
    }
}
