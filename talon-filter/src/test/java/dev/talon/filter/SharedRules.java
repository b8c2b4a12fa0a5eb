package dev.talon.filter;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates /work/shared (system property talon.shared, else ../shared beside the repo root). */
final class SharedRules {
    private SharedRules() {
    }

    static Path sharedDir() {
        String prop = System.getProperty("talon.shared");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("spec"))) {
                return candidate;
            }
        }
        Assumptions.assumeTrue(false, "shared/ (specs and rule files) not found: set -Dtalon.shared");
        return null;
    }
}
