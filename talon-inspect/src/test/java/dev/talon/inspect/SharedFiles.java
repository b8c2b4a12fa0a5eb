package dev.talon.inspect;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** ../shared beside the checkout (or -Dtalon.shared): the Falco rule files and the fixture captures. */
public final class SharedFiles {
    private SharedFiles() {}

    /** The shared directory; the calling test is skipped when it is not there. */
    public static Path dir() {
        String prop = System.getProperty("talon.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("../shared");
        if (!Files.isDirectory(p.resolve("rules"))) p = Path.of("../../shared");
        Assumptions.assumeTrue(Files.isDirectory(p.resolve("rules")) && Files.isDirectory(p.resolve("fixtures/scap")),
                "shared/ (rules, fixtures) not found: set -Dtalon.shared");
        return p;
    }

    /** Every fixture capture, sorted by name. */
    public static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve("fixtures/scap"))) {
            return s.filter(p -> p.toString().endsWith(".scap")).sorted().toList();
        }
    }
}
