package dev.talon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Falco regression traces give the alerts Falco gives for them, with the rule files Falco's suite uses
 * over them (same conditions, see {@code src/test/resources/detect/README.md}). Expected counts and lines
 * are those asserted by falcosecurity/testing ({@code tests/falco/legacy_test.go}, {@code tests/data/outputs}).
 */
class DetectFalcoTracesTest {
    @TempDir
    Path tmp;

    static final String CAT_WRITE = "falco__cat_write.scap";
    static final String OPEN_MULTIPLE = "falco__open-multiple-files.scap";

    @Test
    void catWriteTextLinesAreFalcosExactly() throws Exception {
        var r = DetectSupport.detect(tmp, "-r", DetectSupport.fixture(CAT_WRITE).toString(),
                "-R", DetectSupport.testRules("cat_rules.yaml").toString(), "-o", "time_format_iso_8601=true");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // falcosecurity/testing tests/data/outputs: single_rule_with_cat_write.txt
        List<String> expected = List.of("881781397", "881785348", "881796705", "881799840", "882003104", "882008208",
                "882045694", "882054739").stream()
                .map(ns -> "2016-08-04T16:17:57." + ns + "+0000: Warning An open was seen (command=cat /dev/null)").toList();
        assertThat(r.lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void catWriteJsonHasFalcosSchema() throws Exception {
        var r = DetectSupport.detect(tmp, "-r", DetectSupport.fixture(CAT_WRITE).toString(),
                "-R", DetectSupport.testRules("cat_rules.yaml").toString(), "-o", "time_format_iso_8601=true",
                "-o", "json_output=true");
        assertThat(r.lines()).hasSize(8);
        // the first object of single_rule_with_cat_write.json, hostname aside
        assertThat(r.lines().getFirst().replaceFirst("^\\{\"hostname\":\"[^\"]*\",", "{")).isEqualTo(
                "{\"output\":\"2016-08-04T16:17:57.881781397+0000: Warning An open was seen (command=cat /dev/null)\","
                        + "\"priority\":\"Warning\",\"rule\":\"open_from_cat\",\"source\":\"syscall\","
                        + "\"tags\":[\"filesystem\",\"process\",\"testing\"],\"time\":\"2016-08-04T16:17:57.881781397Z\","
                        + "\"output_fields\":{\"evt.time.iso8601\":1470327477881781397,\"proc.cmdline\":\"cat /dev/null\"}}");
    }

    /** Falco_Legacy_MultipleRules...: -p warning over both cat files: open 8, exec 1, access (INFO) filtered out. */
    @Test
    void catWriteTwoFilesWithMinimumPriority() throws Exception {
        var r = DetectSupport.detect(tmp, "-r", DetectSupport.fixture(CAT_WRITE).toString(),
                "-R", DetectSupport.testRules("cat_rules.yaml").toString(),
                "-R", DetectSupport.testRules("cat_rules_more.yaml").toString(), "-p", "warning", "-o", "json_output=true");
        assertThat(r.countsByRule()).containsExactly(Map.entry("exec_from_cat", 1), Map.entry("open_from_cat", 8));
        assertThat(r.err()).isEmpty();
    }

    static Map<String, Integer> opens(int... which) {
        java.util.LinkedHashMap<String, Integer> m = new java.util.LinkedHashMap<>();
        for (int i : which) {
            m.put("open_" + i, 1);
        }
        return m;
    }

    Map<String, Integer> tagged(String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("-r", DetectSupport.fixture(OPEN_MULTIPLE).toString(),
                "-R", DetectSupport.testRules("tagged_rules.yaml").toString(), "-o", "json_output=true"));
        args.addAll(List.of(options));
        var r = DetectSupport.detect(tmp, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r.countsByRule();
    }

    @Test
    void openMultipleFilesTaggedRules() throws Exception {
        assertThat(tagged()).isEqualTo(opens(IntStream.rangeClosed(1, 13).toArray()));
        assertThat(tagged("-T", "b")).isEqualTo(opens(1, 3, 5, 9, 11, 12, 13));           // DisabledTagsB
        assertThat(tagged("-t", "c")).isEqualTo(opens(3, 5, 6, 7, 9, 10));                // RunTagsC
        assertThat(tagged("-t", "a", "-t", "b", "-t", "c")).isEqualTo(opens(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)); // RunTagsAbc
        assertThat(tagged("-t", "a")).isEqualTo(opens(1, 4, 5, 7, 8, 9, 10));             // RunTagsA
        assertThat(tagged("-D", "open_1")).isEqualTo(opens(2, 3, 4, 5, 6, 7, 8, 9));      // name substring: open_1, open_1x
    }

    @Test
    void taggedAndDisabledCannotBeMixed() throws Exception {
        var r = DetectSupport.detect(tmp, "-r", DetectSupport.fixture(OPEN_MULTIPLE).toString(),
                "-R", DetectSupport.testRules("tagged_rules.yaml").toString(), "-T", "a", "-t", "a");
        assertThat(r.exitCode()).isEqualTo(1);
    }
}
