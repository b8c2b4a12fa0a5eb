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

    /** The three Falco rules files (stable, incubating, sandbox), loaded in their dependency order. */
    public static dev.talon.rules.RuleSet allRules() throws dev.talon.rules.RuleLoadException {
        Path rules = dir().resolve("rules");
        return new dev.talon.rules.RuleLoader()
                .addFile(rules.resolve("falco_rules.yaml"))
                .addFile(rules.resolve("falco-incubating_rules.yaml"))
                .addFile(rules.resolve("falco-sandbox_rules.yaml"))
                .load();
    }

    /** Every fixture capture, sorted by name. */
    public static List<Path> captures() throws IOException {
        try (Stream<Path> s = Files.list(dir().resolve("fixtures/scap"))) {
            return s.filter(p -> p.toString().endsWith(".scap")).sorted().toList();
        }
    }
}
