package dev.talon.cli;

import dev.talon.driver.ProbeOptions;
import dev.talon.inspect.format.BufferMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command lines declared in code deliver what picocli parsed to the commands' fields. */
class CommandOptionsTest {
    @Test
    void inspectOptionsReachTheirFields() {
        InspectCommand c = new InspectCommand();
        new CommandLine(c.spec()).parseArgs("-r", "f.scap", "-n", "3", "-x", "-s", "100", "-j", "evt.type=open",
                "and", "fd.num=3");
        assertThat(c.file).isEqualTo(Path.of("f.scap"));
        assertThat(c.count).isEqualTo(3);
        assertThat(c.buffers).isEqualTo(BufferMode.HEX);
        assertThat(c.snaplen).isEqualTo(100);
        assertThat(c.json).isTrue();
        assertThat(c.list).isFalse();
        assertThat(c.filter).containsExactly("evt.type=open", "and", "fd.num=3");
    }

    @Test
    void inspectDefaults() {
        InspectCommand c = new InspectCommand();
        new CommandLine(c.spec()).parseArgs("-r", "f.scap");
        assertThat(c.snaplen).isEqualTo(80);
        assertThat(c.count).isZero();
        assertThat(c.buffers).isEqualTo(BufferMode.NORMAL);
        assertThat(c.filter).isNull();
    }

    @Test
    void bufferFlagsExcludeEachOther() {
        assertThatThrownBy(() -> new CommandLine(new InspectCommand().spec()).parseArgs("-A", "-b"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("mutually exclusive");
    }

    @Test
    void badNumberNamesTheOption() {
        assertThatThrownBy(() -> new CommandLine(new InspectCommand().spec()).parseArgs("-n", "many"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("-n")
                .hasMessageContaining("many");
    }

    @Test
    void detectRepeatableOptionsKeepTheirOrder() {
        DetectCommand c = new DetectCommand();
        new CommandLine(c.spec()).parseArgs("-r", "a.scap", "-e", "b.scap", "-o", "json_output=true",
                "-V", "x.yaml", "y.yaml", "-t", "network", "-t", "process", "-p", "warning", "-L");
        assertThat(c.captures).containsExactly(Path.of("a.scap"), Path.of("b.scap"));
        assertThat(c.overrides).containsExactly("json_output=true");
        assertThat(c.validate).containsExactly(Path.of("x.yaml"), Path.of("y.yaml"));
        assertThat(c.onlyTags).containsExactly("network", "process");
        assertThat(c.priority).isEqualTo("warning");
        assertThat(c.list).isTrue();
        assertThat(c.rulesFiles).isEmpty();
    }

    @Test
    void statsDefaults() {
        StatsCommand c = new StatsCommand();
        new CommandLine(c.spec()).parseArgs("evt.type=open");
        assertThat(c.seconds).isEqualTo(5);
        assertThat(c.snaplen).isEqualTo(ProbeOptions.DEFAULT_SNAPLEN);
        assertThat(c.filter).isEqualTo(List.of("evt.type=open"));
    }
}
