package dev.talon.outputs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.talon.outputs.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TalonConfigTest {

    @Test
    void bundledDefaultFileMatchesBuiltInDefaults() throws Exception {
        TalonConfig fromFile = TalonConfig.parse(TalonConfig.defaultYaml(), "talon.yaml", List.of());
        assertThat(fromFile).isEqualTo(TalonConfig.defaults());
        assertThat(fromFile.warnings()).isEmpty();
    }

    @Test
    void defaultsAreFalcos() {
        TalonConfig c = TalonConfig.defaults();
        assertThat(c.stdoutOutput().enabled()).isTrue();
        assertThat(c.syslogOutput().enabled()).isTrue();
        assertThat(c.fileOutput()).isEqualTo(new TalonConfig.FileOutput(false, "./events.txt", false));
        assertThat(c.jsonOutput()).isFalse();
        assertThat(c.formatOptions().jsonIncludeOutputProperty()).isTrue();
        assertThat(c.formatOptions().jsonIncludeMessageProperty()).isFalse();
        assertThat(c.minimumPriority()).isEqualTo(Priority.DEBUG);
        assertThat(c.outputsRate().limited()).isFalse();
        assertThat(c.metrics()).isEqualTo(new TalonConfig.Metrics(false, "127.0.0.1", 8765));
        assertThat(c.ruleMatching()).isEqualTo("first");
    }

    @Test
    void parsesFalcoStyleFile() throws Exception {
        String yaml = """
                json_output: yes
                priority: Warning
                time_format_iso_8601: true
                rules_file:
                  - /etc/talon/a.yaml
                  - /etc/talon/b.yaml
                file_output:
                  enabled: true
                  keep_alive: true
                  filename: /var/log/talon.txt
                http_output:
                  enabled: true
                  url: "http://127.0.0.1:2801/"
                  timeout_ms: 250
                outputs:
                  rate: 0.5
                  max_burst: 10
                metrics:
                  enabled: true
                  listen_port: 9000
                append_output:
                  - match: {source: syscall}
                    extra_output: "on %proc.name"
                """;
        TalonConfig c = TalonConfig.parse(yaml, "talon.yaml", List.of());
        assertThat(c.jsonOutput()).isTrue();
        assertThat(c.minimumPriority()).isEqualTo(Priority.WARNING);
        assertThat(c.rulesFiles()).containsExactly("/etc/talon/a.yaml", "/etc/talon/b.yaml");
        assertThat(c.fileOutput()).isEqualTo(new TalonConfig.FileOutput(true, "/var/log/talon.txt", true));
        assertThat(c.httpOutput().url()).isEqualTo("http://127.0.0.1:2801/");
        assertThat(c.httpOutput().timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.outputsRate()).isEqualTo(new TalonConfig.OutputsRate(0.5, 10));
        assertThat(c.metrics().listenPort()).isEqualTo(9000);
        assertThat(c.value("append_output")).asList().hasSize(1);
        assertThat(c.formatOptions().timeFormatIso8601()).isTrue();
    }

    @Test
    void overridesWithDottedKeys() throws Exception {
        TalonConfig c = TalonConfig.parse("stdout_output:\n  enabled: true\n", "talon.yaml", List.of(
                "stdout_output.enabled=false",
                "http_output.enabled=true",
                "http_output.url=http://127.0.0.1:8080/hook?a=b",
                "rules_files[]=/x.yaml",
                "rules_files[]=/y.yaml",
                "file_output={enabled: true, filename: /tmp/e.txt}",
                "priority=info",
                "program_output.program="));
        assertThat(c.stdoutOutput().enabled()).isFalse();
        assertThat(c.httpOutput().url()).isEqualTo("http://127.0.0.1:8080/hook?a=b");
        assertThat(c.rulesFiles()).containsExactly("/x.yaml", "/y.yaml");
        assertThat(c.fileOutput()).isEqualTo(new TalonConfig.FileOutput(true, "/tmp/e.txt", false));
        assertThat(c.minimumPriority()).isEqualTo(Priority.INFORMATIONAL);
        assertThat(c.programOutput().program()).isEmpty();
    }

    @Test
    void unknownKeyIsAnErrorWithLineAndColumn() {
        String yaml = "json_output: false\nstdout_output:\n  enabeld: true\n";
        assertThatThrownBy(() -> TalonConfig.parse(yaml, "talon.yaml", List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("talon.yaml:3:3: unknown key 'stdout_output.enabeld'");
                });
    }

    @Test
    void typeErrorsNameKeyAndPosition() {
        assertError("json_output: maybe\n", "talon.yaml:1:14: 'json_output' expects a boolean (true/false), found 'maybe'");
        assertError("metrics:\n  listen_port: 70000\n", "talon.yaml:2:16: 'metrics.listen_port' is out of range: 70000 (expected 0..65535)");
        assertError("outputs:\n  max_burst: lots\n", "talon.yaml:2:14: 'outputs.max_burst' expects an integer, found 'lots'");
        assertError("priority: urgent\n", "talon.yaml:1:11: Invalid priority 'urgent' for 'priority' (expected emergency, alert, critical, error, warning, notice, informational/info or debug)");
        assertError("file_output: true\n", "talon.yaml:1:14: 'file_output' must be a mapping of keys, found 'true'");
        assertError("stdout_output:\n  enabled: [true]\n", "talon.yaml:2:12: 'stdout_output.enabled' expects a boolean, found a list");
        assertError("rules_files: [a, {b: c}]\n", "talon.yaml:1:18: 'rules_files' expects a list of strings, found an item that is a mapping");
        assertError("priority: debug\npriority: info\n", "talon.yaml:2:1: duplicate key 'priority'");
        assertError("rule_matching: some\n", "talon.yaml:1:16: 'rule_matching' must be 'first' or 'all', found 'some'");
    }

    @Test
    void yamlSyntaxErrorsAreLocated() {
        assertThatThrownBy(() -> TalonConfig.parse("stdout_output:\n  enabled: true\n bad: [\n", "t.yaml", List.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.line()).isGreaterThan(0);
                    assertThat(e.getMessage()).startsWith("t.yaml:" + e.line() + ":" + e.column() + ": YAML syntax error");
                });
    }

    @Test
    void semanticErrorsPointAtTheValue() {
        assertError("http_output:\n  enabled: true\n  url: ftp://x/\n",
                "talon.yaml:3:8: http_output.url must be an http:// or https:// URL, found 'ftp://x/'");
        assertError("http_output:\n  enabled: true\n",
                "talon.yaml:2:12: http_output.url must be an http:// or https:// URL, found ''");
    }

    @Test
    void overrideErrorsNameTheOption() {
        assertOverrideError("http_output.urll=http://x", "-o 'http_output.urll=http://x':1: unknown key 'http_output.urll'");
        assertOverrideError("json_output", "-o 'json_output':1: expected key=value");
        assertOverrideError("json_output=sometimes", "-o 'json_output=sometimes':13: 'json_output' expects a boolean (true/false), found 'sometimes'");
        assertOverrideError("priority[]=info", "-o 'priority[]=info':1: 'priority[]' appends to a list, but 'priority' is not a list");
        assertOverrideError("file_output={enabled: true, nope: 1}", "-o 'file_output={enabled: true, nope: 1}':29: unknown key 'file_output.nope'");
    }

    @Test
    void ignoredFalcoKeysWarn() throws Exception {
        TalonConfig c = TalonConfig.parse("log_level: info\nwebserver:\n  enabled: true\nmetrics:\n  interval: 1m\n",
                "falco.yaml", List.of("grpc.enabled=true"));
        assertThat(c.warnings()).containsExactly(
                "falco.yaml:1:1: Falco setting 'log_level' is not used by Talon; ignored",
                "falco.yaml:2:1: Falco setting 'webserver' is not used by Talon; ignored",
                "falco.yaml:5:3: Falco setting 'metrics.interval' is not used by Talon; ignored",
                "-o 'grpc.enabled=true': Falco setting 'grpc.enabled' is not used by Talon; ignored");
    }

    @Test
    void environmentVariablesExpandInStrings() throws Exception {
        String home = System.getenv("HOME");
        TalonConfig c = TalonConfig.parse("file_output:\n  filename: \"${HOME}/events.txt\"\nprogram_output:\n  program: \"echo $${HOME}\"\n",
                "talon.yaml", List.of());
        assertThat(c.fileOutput().filename()).isEqualTo((home == null ? "" : home) + "/events.txt");
        assertThat(c.programOutput().program()).isEqualTo("echo ${HOME}");
    }

    @Test
    void loadReportsUnreadableFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> TalonConfig.load(missing, List.of()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(missing + ": cannot read configuration file");
        Path ok = dir.resolve("t.yaml");
        Files.writeString(ok, "json_output: true\n");
        assertThat(TalonConfig.load(ok, List.of("json_output=false")).jsonOutput()).isFalse();
        assertThat(TalonConfig.parse("", "empty.yaml", List.of())).isEqualTo(TalonConfig.defaults());
    }

    @Test
    void valueRejectsUnknownKeys() {
        assertThatThrownBy(() -> TalonConfig.defaults().value("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }

    private static void assertError(String yaml, String message) {
        assertThatThrownBy(() -> TalonConfig.parse(yaml, "talon.yaml", List.of()))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    private static void assertOverrideError(String option, String message) {
        assertThatThrownBy(() -> TalonConfig.withOverrides(List.of(option)))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
