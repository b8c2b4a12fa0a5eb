package dev.talon.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in generated sources are exactly what the generator makes from the current spec. */
class SchemaGeneratorTest {

    static Path sharedDir() {
        String prop = System.getProperty("talon.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("../../shared");
        return Files.isDirectory(p) ? p : Path.of("../shared");
    }

    @Test
    void checkedInSchemaMatchesSpec(@TempDir Path out) throws Exception {
        Path spec = sharedDir().resolve("spec");
        Assumptions.assumeTrue(Files.isRegularFile(spec.resolve("events.tsv")), "shared/spec not found at " + spec);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "src/gen/SchemaGenerator.java", spec.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        Path generated = out.resolve("dev/talon/event");
        try (Stream<Path> files = Files.list(generated)) {
            for (Path f : files.toList()) {
                Path checkedIn = Path.of("src/main/java/dev/talon/event").resolve(f.getFileName());
                assertThat(read(checkedIn)).as("regenerate %s with SchemaGenerator", f.getFileName())
                        .isEqualTo(read(f));
            }
        }
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
