package dev.talon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code talon detect} options that only load rules or configuration. */
class DetectCommandTest {
    @TempDir
    Path tmp;

    static String validate(List<Path> files, int[] rc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        rc[0] = DetectCommand.validate(files, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateLikeFalcoV() throws Exception {
        int[] rc = new int[1];
        Path rules = DetectSupport.shared().resolve("rules");
        String ok = validate(List.of(rules.resolve("falco_rules.yaml"), rules.resolve("falco-incubating_rules.yaml")), rc);
        assertThat(rc[0]).isZero();
        assertThat(ok).startsWith("Validating rules file(s):\n   " + rules.resolve("falco_rules.yaml"))
                .contains(rules.resolve("falco-incubating_rules.yaml") + ": Ok");

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, """
                - rule: r
                  desc: d
                  condition: evt.type = open and not_a_macro
                  output: x
                  priority: WARNING
                """);
        String out = validate(List.of(bad), rc);
        assertThat(rc[0]).isEqualTo(1);
        assertThat(out).contains(bad + ": Invalid")
                .contains(bad + ":3:14: error LOAD_ERR_VALIDATE (rule 'r'): Undefined macro 'not_a_macro' used in filter.");
    }

    @Test
    void configRulesBlockSelectsRulesAndOtherKeysStillApply() throws Exception {
        Path cfg = tmp.resolve("talon.yaml");
        Files.writeString(cfg, """
                json_output: true
                rules:
                  - disable:
                      rule: "*"
                  - enable:
                      tag: c
                stdout_output:
                  enabled: false
                """);
        var r = DetectSupport.detect(tmp, "-c", cfg.toString(), "-r",
                DetectSupport.fixture("falco__open-multiple-files.scap").toString(),
                "-R", DetectSupport.testRules("tagged_rules.yaml").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.countsByRule().keySet()).containsExactly("open_3", "open_5", "open_6", "open_7", "open_9", "open_10");
        assertThat(r.lines().getFirst()).startsWith("{\"hostname\":");
    }

    @Test
    void badConfigEntryIsOneClearLine() throws Exception {
        Path cfg = tmp.resolve("talon.yaml");
        Files.writeString(cfg, "rules:\n  - enabel:\n      rule: x\n");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Main.run(new String[] {"detect", "-c", cfg.toString(), "-L"}, new java.io.PrintWriter(System.err, true));
        } finally {
            System.setErr(old);
        }
        assertThat(rc).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("talon: rules: entry 1: unknown key 'enabel'");
    }
}
