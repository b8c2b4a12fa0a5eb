package dev.talon.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code talon detect} in-process with alerts going to a file, and locates shared fixtures and test rules. */
final class DetectSupport {
    private static final Pattern RULE = Pattern.compile("\"rule\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DetectSupport() {
    }

    static Path shared() {
        String prop = System.getProperty("talon.shared");
        if (prop != null && Files.isDirectory(Path.of(prop, "fixtures"))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolveSibling("shared").resolve("fixtures"))) {
                return p.resolveSibling("shared");
            }
        }
        Assumptions.assumeTrue(false, "shared/ (fixtures, rules) not found: set -Dtalon.shared");
        return null;
    }

    static Path fixture(String name) {
        Path p = shared().resolve("fixtures/scap").resolve(name);
        Assumptions.assumeTrue(Files.isReadable(p), "fixture " + name + " missing");
        return p;
    }

    static Path testRules(String name) {
        try {
            return Path.of(DetectSupport.class.getResource("/detect/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exit code, the alert lines written to the file output, and what the CLI wrote to its error stream. */
    record Result(int exitCode, List<String> lines, String err) {
        /** Alerts per rule name (JSON output), in first-seen order. */
        Map<String, Integer> countsByRule() {
            Map<String, Integer> out = new LinkedHashMap<>();
            for (String l : lines) {
                Matcher m = RULE.matcher(l);
                if (m.find()) {
                    out.merge(m.group(1), 1, Integer::sum);
                }
            }
            return out;
        }
    }

    /** {@code talon detect ARGS} with stdout/syslog off and a file output in {@code dir}. */
    static Result detect(Path dir, String... args) throws IOException {
        Path out = dir.resolve("alerts-" + System.nanoTime() + ".txt");
        List<String> all = new ArrayList<>(List.of("detect", "-o", "stdout_output.enabled=false", "-o",
                "syslog_output.enabled=false", "-o", "file_output.enabled=true", "-o", "file_output.keep_alive=true",
                "-o", "file_output.filename=" + out));
        all.addAll(List.of(args));
        StringWriter err = new StringWriter();
        int rc = Main.run(all.toArray(String[]::new), new PrintWriter(err, true));
        List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
        return new Result(rc, lines, err.toString());
    }
}
