package dev.talon.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeTableTest {
    @Test
    void tableMatchesTheSchema() {
        assertThat(EventTypeTable.NAMES).hasSize(454);
        assertThat(EventTypeSet.nameOf(2)).isEqualTo("open");
        assertThat(EventTypeSet.nameOf(17)).isNull();
        assertThat(EventTypeSet.all().size()).isEqualTo(419);
        assertThat(EventTypeTable.SYSCALLS).contains("acct", "open", "execve");
    }

    /** Re-runs the checked-in generator on shared/spec; the output must match the checked-in class. */
    @Test
    void generatedClassIsUpToDate() throws IOException, InterruptedException {
        Path spec = Shared.dir().resolve("spec");
        Path here = Path.of("").toAbsolutePath();
        Path module = Files.isDirectory(here.resolve("src/gen")) ? here : here.resolve("talon-rules");
        Path out = Files.createTempFile("EventTypeTable", ".java");
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, module.resolve("src/gen/EventTypeTableGenerator.java").toString(),
                    spec.resolve("events.tsv").toString(), spec.resolve("ppm-sc.tsv").toString(), out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(log).isZero();
            assertThat(Files.readString(out)).isEqualTo(
                    Files.readString(module.resolve("src/main/java/dev/talon/rules/EventTypeTable.java")));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
