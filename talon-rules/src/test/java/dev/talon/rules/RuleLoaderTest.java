package dev.talon.rules;

import dev.talon.outputs.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleLoaderTest {
    static final String BASE = """
            - macro: spawned_process
              condition: (evt.type in (execve, execveat))
            - list: shell_binaries
              items: [bash, sh, "my shell"]
            - rule: shell
              desc: a shell ran
              condition: spawned_process and proc.name in (shell_binaries)
              output: shell %proc.name
              priority: WARNING
              tags: [shell, process]
            """;

    static RuleSet load(String... files) throws RuleLoadException {
        RuleLoader l = new RuleLoader();
        for (int i = 0; i < files.length; i++) {
            l.add("f" + (i + 1) + ".yaml", files[i]);
        }
        return l.load();
    }

    static RuleLoadException fail(String... files) {
        try {
            load(files);
        } catch (RuleLoadException e) {
            return e;
        }
        throw new AssertionError("loaded without error");
    }

    static String cond(RuleSet s, String rule) {
        return s.rule(rule).orElseThrow().compiledCondition();
    }

    @Test
    void basicRuleWithMacroAndList() throws RuleLoadException {
        RuleSet s = load(BASE);
        CompiledRule r = s.rule("shell").orElseThrow();
        assertThat(r.compiledCondition()).isEqualTo("(evt.type in (execve, execveat) and proc.name in (bash, sh, \"my shell\"))");
        assertThat(r.priority()).isEqualTo(Priority.WARNING);
        assertThat(r.sortedTags()).containsExactly("process", "shell");
        assertThat(r.description()).isEqualTo("a shell ran");
        assertThat(r.output()).isEqualTo("shell %proc.name");
        assertThat(r.source()).isEqualTo("syscall");
        assertThat(r.enabled()).isTrue();
        assertThat(r.eventTypes().names()).containsExactlyInAnyOrder("execve", "execveat");
        assertThat(r.file()).isEqualTo("f1.yaml");
        assertThat(r.line()).isEqualTo(5);
        assertThat(s.lists().get("shell_binaries")).containsExactly("bash", "sh", "my shell");
    }

    @Test
    void specExampleOfCanonicalPrinting() throws RuleLoadException {
        RuleSet s = load("""
                - macro: interactive
                  condition: ((proc.aname=sshd and proc.name != sshd) or proc.name=systemd-logind or proc.name=login) or proc.name = ssh
                - rule: r
                  desc: d
                  condition: evt.type=open and interactive
                  output: o
                  priority: info
                """);
        assertThat(cond(s, "r")).isEqualTo("(evt.type = open and (((proc.aname = sshd and proc.name != sshd) or "
                + "proc.name = systemd-logind or proc.name = login) or proc.name = ssh))");
        assertThat(s.rule("r").orElseThrow().priority()).isEqualTo(Priority.INFORMATIONAL);
    }

    @Test
    void nestedListsAndEmptyList() throws RuleLoadException {
        RuleSet s = load("""
                - list: a
                  items: [x, y]
                - list: empty
                  items: []
                - list: b
                  items: [a, z]
                - rule: r
                  desc: d
                  condition: evt.type = open and proc.name in (b, empty, w) and proc.pname in (empty)
                  output: o
                  priority: debug
                """);
        assertThat(s.lists().get("b")).containsExactly("x", "y", "z");
        assertThat(cond(s, "r")).isEqualTo("(evt.type = open and proc.name in (x, y, z, w) and proc.pname in ())");
    }

    @Test
    void listDefinedLaterIsNotExpandedInsideAnEarlierList() throws RuleLoadException {
        RuleSet s = load("""
                - list: b
                  items: [a, z]
                - list: a
                  items: [x]
                - rule: r
                  desc: d
                  condition: evt.type = open and proc.name in (b)
                  output: o
                  priority: debug
                """);
        assertThat(s.lists().get("b")).containsExactly("a", "z");
    }

    @Test
    void appendAndOverride() throws RuleLoadException {
        RuleSet s = load(BASE, """
                - list: shell_binaries
                  items: [zsh]
                  override:
                    items: append
                - macro: spawned_process
                  condition: or evt.type = clone
                  append: true
                - rule: shell
                  condition: and proc.pname != init
                  output: (appended)
                  tags: [extra]
                  priority: critical
                  enabled: false
                  override:
                    condition: append
                    output: append
                    tags: append
                    priority: replace
                    enabled: replace
                """);
        CompiledRule r = s.rule("shell").orElseThrow();
        assertThat(r.compiledCondition()).isEqualTo(
                "((evt.type in (execve, execveat) or evt.type = clone) and proc.name in (bash, sh, \"my shell\", zsh) and proc.pname != init)");
        assertThat(r.output()).isEqualTo("shell %proc.name (appended)");
        assertThat(r.sortedTags()).containsExactly("extra", "process", "shell");
        assertThat(r.priority()).isEqualTo(Priority.CRITICAL);
        assertThat(r.enabled()).isFalse();
        assertThat(r.eventTypes().names()).containsExactlyInAnyOrder("execve", "execveat", "clone");
        assertThat(s.messages()).extracting(RuleMessage::code).contains("LOAD_DEPRECATED_ITEM");
    }

    @Test
    void replaceAndRedefinitionKeepPosition() throws RuleLoadException {
        RuleSet s = load(BASE + """
                - rule: second
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: debug
                """, """
                - rule: shell
                  desc: redefined
                  condition: evt.type = connect
                  output: o2
                  priority: error
                - rule: second
                  condition: evt.type = close
                  override:
                    condition: replace
                """);
        assertThat(s.rules()).extracting(CompiledRule::name).containsExactly("shell", "second");
        assertThat(s.rule("shell").orElseThrow().description()).isEqualTo("redefined");
        assertThat(cond(s, "second")).isEqualTo("evt.type = close");
        assertThat(s.rulesPerFile()).containsEntry("f1.yaml", 2).doesNotContainKey("f2.yaml");
    }

    @Test
    void legacyEnabledToggle() throws RuleLoadException {
        RuleSet s = load(BASE, """
                - rule: shell
                  enabled: false
                """);
        assertThat(s.rule("shell").orElseThrow().enabled()).isFalse();
        assertThat(s.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("LOAD_DEPRECATED_ITEM");
            assertThat(w.text()).startsWith("The standalone 'enabled' key usage is deprecated");
            assertThat(w.file()).isEqualTo("f2.yaml");
            assertThat(w.line()).isEqualTo(2);
        });
    }

    @Test
    void exceptionsListAndScalarForms() throws RuleLoadException {
        RuleSet s = load("""
                - rule: r
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: notice
                  exceptions:
                    - name: proc_writer
                      fields: [proc.name, fd.directory]
                      comps: [=, in]
                      values:
                        - [apk, /usr/lib/alpine]
                        - [npm, [/usr/node/bin, "/usr/local bin"]]
                    - name: by_name
                      fields: proc.name
                      values: [a, "b c"]
                    - name: no_values
                      fields: [proc.name]
                """);
        assertThat(cond(s, "r")).isEqualTo("(evt.type = open and not ((proc.name = apk and fd.directory in (/usr/lib/alpine)) "
                + "or (proc.name = npm and fd.directory in (/usr/node/bin, \"/usr/local bin\"))) and not proc.name in (a, \"b c\"))");
        assertThat(s.rule("r").orElseThrow().exceptions()).extracting(ExceptionSpec::name)
                .containsExactly("proc_writer", "by_name", "no_values");
    }

    @Test
    void fieldLikeExceptionValueIsAFieldComparison() throws RuleLoadException {
        RuleSet s = load("""
                - rule: r
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: notice
                  exceptions:
                    - name: e
                      fields: [proc.name]
                      comps: [=]
                      values: [[proc.pname]]
                """);
        assertThat(cond(s, "r")).isEqualTo("(evt.type = open and not proc.name = proc.pname)");
        assertThat(s.warnings()).anySatisfy(w -> {
            assertThat(w.code()).isEqualTo("LOAD_COMPILE_CONDITION");
            assertThat(w.text()).startsWith("'proc.pname' may be a valid field misused as a const string value");
        });
    }

    @Test
    void appendingExceptionValues() throws RuleLoadException {
        RuleSet s = load("""
                - rule: r
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: notice
                  exceptions:
                    - name: e
                      fields: [proc.name]
                      values: [[a]]
                - rule: r
                  exceptions:
                    - name: e
                      values: [[b]]
                    - name: f
                      fields: [fd.name]
                      comps: [startswith]
                      values: [[/tmp]]
                  override:
                    exceptions: append
                """);
        assertThat(cond(s, "r")).isEqualTo("(evt.type = open and not (proc.name = a or proc.name = b) and not fd.name startswith /tmp)");
    }

    @Test
    void eventTypeSets() throws RuleLoadException {
        RuleSet s = load("""
                - macro: never_true
                  condition: (evt.num=0)
                - rule: ne
                  desc: d
                  condition: evt.type != open and proc.name = x
                  output: o
                  priority: debug
                  warn_evttypes: false
                - rule: notin
                  desc: d
                  condition: not evt.type in (open, close) or evt.type = open
                  output: o
                  priority: debug
                  warn_evttypes: false
                - rule: never
                  desc: d
                  condition: evt.type = open and never_true
                  output: o
                  priority: debug
                - rule: notnever
                  desc: d
                  condition: evt.type = open and not never_true
                  output: o
                  priority: debug
                - rule: generic
                  desc: d
                  condition: evt.type in (acct, open)
                  output: o
                  priority: debug
                - rule: all
                  desc: d
                  condition: proc.name = x
                  output: o
                  priority: debug
                """);
        EventTypeSet ne = s.rule("ne").orElseThrow().eventTypes();
        assertThat(ne.names()).doesNotContain("open").contains("close", "execve");
        assertThat(s.rule("notin").orElseThrow().eventTypes().names()).contains("open").doesNotContain("close");
        assertThat(s.rule("never").orElseThrow().eventTypes().isEmpty()).isTrue();
        assertThat(s.rule("notnever").orElseThrow().eventTypes().names()).containsExactly("open");
        assertThat(s.rule("generic").orElseThrow().eventTypes().names()).containsExactlyInAnyOrder("open", "syscall");
        assertThat(s.rule("all").orElseThrow().eventTypes().isAll()).isTrue();
        assertThat(s.warnings()).filteredOn(w -> w.code().equals("LOAD_NO_EVTTYPE")).singleElement().satisfies(w -> {
            assertThat(w.itemName()).isEqualTo("all");
            assertThat(w.text()).isEqualTo("Rule matches too many evt.type values. This has a significant performance penalty.");
        });
    }

    @Test
    void unusedAndUnknownItems() throws RuleLoadException {
        RuleSet s = load(BASE + """
                - macro: unused_macro
                  condition: proc.name = x
                - list: unused_list
                  items: [a]
                - something_else: 1
                - rule: r2
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: debug
                  colour: blue
                - rule: skipped
                  desc: d
                  condition: evt.type = open
                  output: o
                  priority: debug
                  source: k8s_audit
                - rule: skip_unknown
                  desc: d
                  condition: evt.type = open and proc.nonexistent = 1
                  output: o
                  priority: debug
                  skip-if-unknown-filter: true
                """);
        assertThat(s.warnings()).extracting(RuleMessage::code, RuleMessage::itemName).contains(
                org.assertj.core.groups.Tuple.tuple("LOAD_UNUSED_MACRO", "unused_macro"),
                org.assertj.core.groups.Tuple.tuple("LOAD_UNUSED_LIST", "unused_list"),
                org.assertj.core.groups.Tuple.tuple("LOAD_UNKNOWN_ITEM", ""),
                org.assertj.core.groups.Tuple.tuple("LOAD_UNKNOWN_KEY", "r2"),
                org.assertj.core.groups.Tuple.tuple("LOAD_UNKNOWN_SOURCE", "skipped"),
                org.assertj.core.groups.Tuple.tuple("LOAD_UNKNOWN_FILTER", "skip_unknown"));
        assertThat(s.rule("skipped")).isEmpty();
        assertThat(s.rule("skip_unknown")).isEmpty();
        RuleMessage unknownSource = s.warnings().stream().filter(w -> w.code().equals("LOAD_UNKNOWN_SOURCE")).findFirst().orElseThrow();
        assertThat(unknownSource.text()).isEqualTo("Unknown source k8s_audit, skipping");
        assertThat(unknownSource.line()).isEqualTo(27);
    }

    @Test
    void engineAndPluginVersions() throws RuleLoadException {
        RuleSet s = load("""
                - required_engine_version: 12
                - required_engine_version: 0.57.0
                - required_plugin_versions:
                    - name: container
                      version: 0.4.0
                      alternatives:
                        - name: other
                          version: 1.0.0
                """ + BASE);
        assertThat(s.messages()).filteredOn(m -> m.code().equals("LOAD_PLUGIN_BUILTIN")).singleElement()
                .satisfies(m -> assertThat(m.severity()).isEqualTo(RuleMessage.Severity.INFO));
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of("- rule: [unclosed\n", "LOAD_ERR_YAML_PARSE", 2, 1, null),
                Arguments.of("rule: x\n", "LOAD_ERR_YAML_VALIDATE", 1, 1, "Rules content is not yaml array of objects"),
                Arguments.of("- just a string\n", "LOAD_ERR_YAML_VALIDATE", 1, 3, "Rules content is not yaml array of objects"),
                Arguments.of("- rule: r\n  desc: d\n  output: o\n  priority: debug\n", "LOAD_ERR_YAML_VALIDATE", 1, 3,
                        "Item has no mapping for key 'condition'"),
                Arguments.of("- rule: r\n  desc: d\n  condition: ''\n  output: o\n  priority: debug\n", "LOAD_ERR_YAML_VALIDATE", 3, 14,
                        "Mapping for key 'condition' is empty"),
                Arguments.of("- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: loud\n", "LOAD_ERR_VALIDATE", 5, 13,
                        "Invalid priority"),
                Arguments.of("- rule: r\n  desc: d\n  condition: evt.type=open and undefined_m\n  output: o\n  priority: debug\n",
                        "LOAD_ERR_VALIDATE", 3, 14, "Undefined macro 'undefined_m' used in filter."),
                Arguments.of("- rule: r\n  desc: d\n  condition: evt.type=open and proc.nme = x\n  output: o\n  priority: debug\n",
                        "LOAD_ERR_COMPILE_CONDITION", 3, 14, "filter_check called with nonexistent field proc.nme"),
                Arguments.of("- rule: r\n  desc: d\n  condition: evt.type=open x\n  output: o\n  priority: debug\n",
                        "LOAD_ERR_COMPILE_CONDITION", 3, 14, "unexpected token after 'open', expecting 'or', 'and' (column 15)"),
                Arguments.of("- rule: r\n  desc: d\n  condition: evt.type=open\n  output: bad %proc.nme\n  priority: debug\n",
                        "LOAD_ERR_COMPILE_OUTPUT", 1, 3, "invalid formatting token"),
                Arguments.of("- macro: m\n  condition: a and\n", "LOAD_ERR_COMPILE_CONDITION", 2, 14, "expected a '(' token"),
                Arguments.of("- list: l\n  items: [a]\n  append: true\n", "LOAD_ERR_VALIDATE", 1, 3,
                        "List uses 'append' or 'override.items: append' but no list by that name already exists"),
                Arguments.of("- macro: m\n  condition: a\n  override:\n    condition: append\n", "LOAD_ERR_VALIDATE", 1, 3,
                        "Macro uses 'append' or 'override.condition: append' but no macro by that name already exists"),
                Arguments.of("- rule: r\n  condition: a\n  append: true\n", "LOAD_ERR_VALIDATE", 1, 3,
                        "Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists"),
                Arguments.of(BASE + "- rule: nope\n  priority: debug\n  override:\n    priority: replace\n", "LOAD_ERR_VALIDATE", 11, 3,
                        "An 'override.<key>: replace' to a rule was requested but no rule by that name already exists"),
                Arguments.of(BASE + "- rule: shell\n  priority: debug\n  override:\n    priority: append\n", "LOAD_ERR_YAML_VALIDATE", 14, 5,
                        "Key 'priority' cannot be appended to, use 'replace' instead"),
                Arguments.of(BASE + "- rule: shell\n  source: x\n  override:\n    source: replace\n", "LOAD_ERR_YAML_VALIDATE", 14, 5,
                        "Key 'source' cannot be replaced"),
                Arguments.of(BASE + "- rule: shell\n  desc: x\n  override:\n    desc: merge\n", "LOAD_ERR_YAML_VALIDATE", 14, 11,
                        "Invalid override operation for key 'desc': 'merge'. Allowed values are: append replace "),
                Arguments.of(BASE + "- rule: shell\n  desc: x\n  override:\n    output: append\n", "LOAD_ERR_YAML_VALIDATE", 14, 5,
                        "An append override is specified for key 'output' but the item has no such key"),
                Arguments.of(BASE + "- rule: shell\n  desc: x\n  output: y\n  override:\n    desc: append\n", "LOAD_ERR_YAML_VALIDATE", 13, 3,
                        "Key 'output' is present but no override operation is specified for it under 'override'"),
                Arguments.of(BASE + "- rule: shell\n  desc: x\n  append: true\n  override:\n    desc: append\n", "LOAD_ERR_YAML_VALIDATE", 14, 3,
                        "Keys 'override' and 'append: true' cannot be used together."),
                Arguments.of(BASE + "- rule: shell\n  output: x\n  append: true\n", "LOAD_ERR_VALIDATE", 11, 3,
                        "Appended rule must have exceptions or condition property"),
                Arguments.of("- required_engine_version: abc\n", "LOAD_ERR_VALIDATE", 1, 28,
                        "Unable to parse engine version 'abc' as a semver string. Expected \"x.y.z\" semver format."),
                Arguments.of("- required_engine_version: 0.99.0\n", "LOAD_ERR_VALIDATE", 1, 28,
                        "Rules require engine version 0.99.0, but engine version is 0.63.0"),
                Arguments.of("- required_plugin_versions:\n  - name: k8saudit\n    version: 0.1.0\n", "LOAD_ERR_VALIDATE", 2, 5,
                        "Plugin 'k8saudit' required by this file is not loaded"),
                Arguments.of("- required_plugin_versions:\n  - name: container\n    version: x\n", "LOAD_ERR_VALIDATE", 3, 14,
                        "Invalid required version 'x' for plugin 'container'"),
                Arguments.of(exc("    - name: e\n      fields: [proc.name]\n    - name: e\n      fields: [proc.name]\n"),
                        "LOAD_ERR_VALIDATE", 9, 13, "Multiple definitions of exception 'e' in the same rule"),
                Arguments.of(exc("    - name: e\n      fields: [proc.name, fd.name]\n      comps: [=]\n"),
                        "LOAD_ERR_VALIDATE", 9, 14, "Fields and comps lists must have equal length"),
                Arguments.of(exc("    - name: e\n      fields: [proc.name]\n      values: [[a, b]]\n"),
                        "LOAD_ERR_VALIDATE", 9, 16, "Fields and values lists must have equal length"),
                Arguments.of(exc("    - name: e\n      fields: [proc.nme]\n"),
                        "LOAD_ERR_VALIDATE", 8, 15, "'proc.nme' is not a supported filter field"),
                Arguments.of(exc("    - name: e\n      fields: [proc.name]\n      comps: [~]\n"),
                        "LOAD_ERR_VALIDATE", 9, 14, "'~' is not a supported comparison operator"),
                Arguments.of(exc("    - name: e\n      fields: proc.name\n      comps: =\n"),
                        "LOAD_ERR_VALIDATE", 9, 14, "When fields is a single value, comps must be one of (in, pmatch, intersects)"),
                Arguments.of(exc("    - fields: [proc.name]\n"),
                        "LOAD_ERR_YAML_VALIDATE", 7, 7, "Item has no mapping for key 'name'"));
    }

    static String exc(String exceptions) {
        return "- rule: r\n  desc: d\n  condition: evt.type=open\n  output: o\n  priority: debug\n  exceptions:\n" + exceptions;
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void badFilesGivePreciseMessages(String yaml, String code, int line, int column, String text) {
        RuleLoadException e = fail(yaml);
        RuleMessage m = e.errors().getFirst();
        assertThat(m.code()).as(m.toString()).isEqualTo(code);
        assertThat(m.file()).isEqualTo("f1.yaml");
        assertThat(m.line()).as(m.toString()).isEqualTo(line);
        assertThat(m.column()).as(m.toString()).isEqualTo(column);
        if (text != null) {
            assertThat(m.text()).startsWith(text);
        }
        assertThat(e.getMessage()).contains("f1.yaml:" + line + ":" + column + ": error " + code);
    }

    @Test
    void unreadableFile() {
        RuleLoader l = new RuleLoader().addFile(java.nio.file.Path.of("/nonexistent/rules.yaml"));
        assertThatThrownBy(l::load).isInstanceOfSatisfying(RuleLoadException.class,
                e -> assertThat(e.errors()).extracting(RuleMessage::code).containsExactly("LOAD_ERR_FILE_READ"));
    }

    @Test
    void priorities() {
        assertThat(Priority.parse("Info")).isEqualTo(Priority.INFORMATIONAL);
        assertThat(Priority.parse("emergency")).isEqualTo(Priority.EMERGENCY);
        assertThatThrownBy(() -> Priority.parse("loud")).hasMessage("Invalid priority 'loud'");
        assertThat(Priority.CRITICAL.isAtLeast(Priority.WARNING)).isTrue();
        assertThat(Priority.DEBUG.isAtLeast(Priority.WARNING)).isFalse();
        assertThat(List.of(Priority.values())).extracting(Priority::displayName)
                .containsExactly("Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug");
    }

    @Test
    void containerInfoIsDeprecated() throws RuleLoadException {
        RuleSet s = load("- rule: r\n  desc: d\n  condition: evt.type=open\n  output: opened %fd.name %container.info (x)\n  priority: debug\n");
        assertThat(s.rule("r").orElseThrow().output()).isEqualTo("opened %fd.name (x)");
        assertThat(s.warnings()).extracting(RuleMessage::code).contains("LOAD_DEPRECATED_ITEM");
    }

    @Test
    void unknownEventTypeWarnsOrSkips() throws RuleLoadException {
        RuleSet s = load("""
                - rule: warns
                  desc: d
                  condition: evt.type in (open, nosuchcall)
                  output: o
                  priority: debug
                - rule: skipped
                  desc: d
                  condition: evt.type = nosuchcall
                  output: o
                  priority: debug
                  skip-if-unknown-filter: true
                """);
        assertThat(s.rule("warns").orElseThrow().eventTypes().names()).containsExactly("open");
        assertThat(s.rule("skipped")).isEmpty();
        assertThat(s.warnings()).filteredOn(w -> w.code().equals("LOAD_UNKNOWN_FILTER")).hasSize(2)
                .allSatisfy(w -> assertThat(w.text()).contains("Unknown event type(s) nosuchcall"));
    }

    @Test
    void multipleDocumentsAndMacroLoop() {
        RuleLoadException e = fail("""
                - macro: a
                  condition: evt.type = open
                ---
                - macro: a
                  condition: or a
                  override:
                    condition: append
                - rule: r
                  desc: d
                  condition: a
                  output: o
                  priority: debug
                """);
        assertThat(e.errors().getFirst().text()).startsWith("Macro 'a' refers to itself");
    }
}
