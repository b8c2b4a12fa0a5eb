package dev.talon.scap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real captures in shared/fixtures/scap and what SOURCES.md says about each. */
final class Fixtures {

    /** One row of the SOURCES.md table. */
    record Fixture(String name, Path path, boolean gzip, String shb, Map<String, Integer> blocks, int events,
                   int sysdigDefault, int sysdigDebug) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {}

    static Path shared() {
        String prop = System.getProperty("talon.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("../shared");
        if (!Files.isDirectory(p.resolve("fixtures/scap"))) {
            p = Path.of("../../shared");
        }
        return p;
    }

    static Path scapDir() {
        Path dir = shared().resolve("fixtures/scap");
        assumeTrue(Files.isDirectory(dir), "shared fixtures not found at " + dir + " (set -Dtalon.shared)");
        return dir;
    }

    static List<Fixture> all() {
        Path dir = scapDir();
        List<Fixture> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve("SOURCES.md"))) {
                if (!line.startsWith("| ") || !line.contains(".scap |")) {
                    continue;
                }
                String[] c = line.split("\\|");
                // | file | repo | path | commit | size | gzip | shb | blocks | ev | sysdig | sysdig -D |
                String name = c[1].trim();
                Map<String, Integer> blocks = new LinkedHashMap<>();
                for (String kv : c[8].split(",")) {
                    String[] p = kv.trim().split(":");
                    blocks.put(p[0], Integer.parseInt(p[1]));
                }
                Path path = dir.resolve(name);
                if (Files.exists(path)) {
                    out.add(new Fixture(name, path, c[6].trim().equals("yes"), c[7].trim(), blocks,
                            Integer.parseInt(c[9].trim()), Integer.parseInt(c[10].trim()), Integer.parseInt(c[11].trim())));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read SOURCES.md", e);
        }
        return out;
    }

    static Fixture named(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture " + name));
    }
}
