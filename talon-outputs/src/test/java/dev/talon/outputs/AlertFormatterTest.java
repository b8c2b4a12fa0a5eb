package dev.talon.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AlertFormatterTest {
    /** 2016-08-04T16:17:57.881781397Z, the event of spec §8.1. */
    static final long T = 1470327477881781397L;

    static Alert specAlert() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.cmdline", "cat /dev/null");
        fields.put("evt.time.iso8601", T);
        return new Alert(T, "open_from_cat", Priority.WARNING, "An open was seen (command=cat /dev/null)", fields,
                "syscall", new TreeSet<>(List.of("testing", "process", "filesystem")), "test-falco-hostname");
    }

    static FormatOptions utc() {
        return FormatOptions.defaults().withZone(ZoneId.of("UTC"));
    }

    @Test
    void jsonMatchesSpecExample() {
        AlertFormatter f = new AlertFormatter(utc().withJsonOutput(true).withTimeFormatIso8601(true));
        assertThat(f.format(specAlert())).isEqualTo(
                "{\"hostname\":\"test-falco-hostname\","
                        + "\"output\":\"2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)\","
                        + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
                        + "\"tags\":[\"filesystem\",\"process\",\"testing\"],"
                        + "\"time\":\"2016-08-04T16:17:57.881781397Z\","
                        + "\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"}}");
    }

    @Test
    void textLineIsoAndLocal() {
        assertThat(new AlertFormatter(utc().withTimeFormatIso8601(true)).format(specAlert()))
                .isEqualTo("2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)");
        assertThat(new AlertFormatter(utc()).format(specAlert()))
                .isEqualTo("16:17:57.881781397: Warning An open was seen (command=cat /dev/null)");
        // local time follows the zone; the ISO form is always UTC
        FormatOptions paris = FormatOptions.defaults().withZone(ZoneId.of("Europe/Paris"));
        assertThat(new AlertFormatter(paris).format(specAlert())).startsWith("18:17:57.881781397: Warning ");
        assertThat(new AlertFormatter(paris.withTimeFormatIso8601(true)).format(specAlert()))
                .startsWith("2016-08-04T16:17:57.881781397+0000: ");
    }

    @Test
    void smallNanosArePadded() {
        Alert a = new Alert(5L, "r", Priority.INFORMATIONAL, "m", Map.of(), "syscall", null, "h");
        assertThat(new AlertFormatter(utc()).textLine(a)).isEqualTo("00:00:00.000000005: Informational m");
        assertThat(new AlertFormatter(utc().withJsonOutput(true)).json(a))
                .contains("\"time\":\"1970-01-01T00:00:00.000000005Z\"");
    }

    @Test
    void jsonSwitches() {
        FormatOptions o = new FormatOptions(true, false, false, false, true, false, ZoneId.of("UTC"));
        assertThat(new AlertFormatter(o).format(specAlert())).isEqualTo(
                "{\"hostname\":\"test-falco-hostname\",\"message\":\"An open was seen (command=cat /dev/null)\","
                        + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
                        + "\"time\":\"2016-08-04T16:17:57.881781397Z\"}");
    }

    @Test
    void typedOutputFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("proc.aname[2]", null);
        fields.put("fd.num", 3);
        fields.put("evt.is_open_read", true);
        fields.put("evt.latency.s", 0.5);
        fields.put("evt.arg.flags", "O_RDONLY|O_CLOEXEC");
        Alert a = new Alert(T, "r", Priority.DEBUG, "m", fields, "syscall", null, "h");
        assertThat(a.outputFields().get("fd.num")).isEqualTo(3L);
        assertThat(new AlertFormatter(utc().withJsonOutput(true)).json(a)).endsWith(
                "\"output_fields\":{\"evt.arg.flags\":\"O_RDONLY|O_CLOEXEC\",\"evt.is_open_read\":true,"
                        + "\"evt.latency.s\":0.5,\"fd.num\":3,\"proc.aname[2]\":null}}");
    }

    @Test
    void controlCharactersAreEscapedAndInvalidTextReplaced() {
        Alert a = new Alert(T, "r", Priority.ERROR, "file=/tmp/a\nb\u001b[31m \"q\" \\ \ud800x", 
                Map.of("fd.name", "/tmp/a\nb\udc00"), "syscall", null, "h");
        AlertFormatter text = new AlertFormatter(utc());
        assertThat(text.textLine(a)).isEqualTo("16:17:57.881781397: Error file=/tmp/a\\nb\\u001b[31m \"q\" \\ \uFFFDx");
        String json = new AlertFormatter(utc().withJsonOutput(true)).json(a);
        // the text line (already escaped) is JSON-escaped once more; raw field values are escaped once
        assertThat(json).contains("\"output\":\"16:17:57.881781397: Error file=/tmp/a\\\\nb\\\\u001b[31m \\\"q\\\" \\\\ \uFFFDx\"");
        assertThat(json).contains("\"fd.name\":\"/tmp/a\\nb\uFFFD\"");
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void rejectsUnsupportedFieldTypes() {
        assertThatThrownBy(() -> new Alert(T, "r", Priority.ERROR, "m", Map.of("x", new Object()), "syscall", null, "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output field 'x'");
    }

    @Test
    void priorityParsing() {
        assertThat(Priority.parse("info")).isEqualTo(Priority.INFORMATIONAL);
        assertThat(Priority.parse("WARNING")).isEqualTo(Priority.WARNING);
        assertThat(Priority.parse("Emergency").level()).isZero();
        assertThat(Priority.DEBUG.level()).isEqualTo(7);
        assertThat(Priority.ERROR.isAtLeast(Priority.WARNING)).isTrue();
        assertThat(Priority.NOTICE.isAtLeast(Priority.WARNING)).isFalse();
        assertThatThrownBy(() -> Priority.parse("urgent")).hasMessage("Invalid priority 'urgent'");
    }

    @Test
    void hostnameFromEnvironmentFirst() {
        assertThat(Alert.resolveHostname("from-env")).isEqualTo("from-env");
        assertThat(Alert.resolveHostname(null)).isNotBlank();
    }
}
