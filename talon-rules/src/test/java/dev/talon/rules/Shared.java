package dev.talon.rules;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared (system property talon.shared, else ../shared beside the repo root). */
final class Shared {
    private Shared() {
    }

    static Path dir() {
        String prop = System.getProperty("talon.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "rules"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("rules"))) {
                return candidate;
            }
        }
        Assumptions.assumeTrue(false, "shared/ (rule files and specs) not found: set -Dtalon.shared");
        return null;
    }
}
