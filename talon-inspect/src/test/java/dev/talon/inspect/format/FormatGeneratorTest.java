package dev.talon.inspect.format;

import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.SharedFiles;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A format's generated writer prints exactly what the loop over its fields prints, on every event of the
 * shared fixtures: every kind of value, column widths (cut and padded), {@code *} and plain formats (whose
 * line is dropped, and the buffer left as it was, when a field has no value), transformers.
 */
class FormatGeneratorTest {
    static final List<String> FORMATS = List.of(
            OutputFormat.DEFAULT,
            "%evt.num %10evt.time %evt.datetime %evt.time.s %evt.datetime.s %evt.time.iso8601 %evt.rawtime",
            "*%proc.name %5proc.pid %proc.aname[2] %proc.args %fd.name %fd.types %fd.sip %fd.cip %fd.sport",
            "*%fd.name %fd.directory %fd.filename %evt.arg.flags %evt.rawarg.res %evt.info",
            "%fd.name", // plain: no line for events without an fd
            "fd=%fd.num name=%fd.name dir=%evt.dir",
            "*%3evt.type:%20fd.name|%2proc.name|%evt.latency",
            "*%tolower(proc.name) %toupper(fd.name) %basename(proc.exe) %evt.buffer %evt.arg[0] %proc.cmdline",
            "no fields at all");

    @Test
    void generatedWritersPrintWhatTheLoopPrints() throws Exception {
        List<String> mismatches = new ArrayList<>();
        long lines = 0, dropped = 0;
        for (Path fixture : SharedFiles.captures()) {
            StateTracker state = new StateTracker();
            Inspector inspector = new Inspector(state, Inspector.Options.defaults());
            EventContext ctx = inspector.context();
            List<OutputFormat> formats = new ArrayList<>();
            for (String f : FORMATS) {
                OutputFormat format = OutputFormat.parse(f, ctx);
                assertThat(format.isGenerated()).as(f).isTrue();
                formats.add(format);
            }
            StringBuilder generated = new StringBuilder();
            StringBuilder loop = new StringBuilder();
            long[] counts = new long[2];
            try (Source src = ScapReader.open(fixture, new CaptureMetadata(state))) {
                inspector.run(src, OutputStream.nullOutputStream(), (EventView e) -> {
                    for (int k = 0; k < formats.size(); k++) {
                        OutputFormat format = formats.get(k);
                        // text already in the buffer: a dropped line must leave it untouched
                        generated.setLength(0);
                        generated.append("before|");
                        loop.setLength(0);
                        loop.append("before|");
                        boolean g = format.append(generated, e);
                        boolean l = format.appendLoop(loop, e);
                        counts[g ? 0 : 1]++;
                        if ((g != l || !generated.toString().equals(loop.toString())) && mismatches.size() < 20) {
                            mismatches.add(fixture.getFileName() + " #" + ctx.number() + " [" + FORMATS.get(k)
                                    + "]: generated " + g + " '" + generated + "', loop " + l + " '" + loop + "'");
                        }
                        if (!g && !generated.toString().equals("before|") && mismatches.size() < 20) {
                            mismatches.add(fixture.getFileName() + " #" + ctx.number() + " [" + FORMATS.get(k)
                                    + "]: a dropped line left '" + generated + "'");
                        }
                    }
                });
            }
            lines += counts[0];
            dropped += counts[1];
        }
        assertThat(mismatches).isEmpty();
        assertThat(lines).as("lines compared").isGreaterThan(100_000);
        assertThat(dropped).as("dropped lines compared (plain formats)").isGreaterThan(1_000);
    }

    @Test
    void aFormatWithMoreFieldsThanOneMethodHoldsKeepsTheLoop() throws Exception {
        EventContext ctx = new Inspector(new StateTracker(), Inspector.Options.defaults()).context();
        String many = "%evt.num ".repeat(FormatGenerator.MAX_FIELDS + 1);
        assertThat(OutputFormat.parse(many, ctx).isGenerated()).isFalse();
        assertThat(OutputFormat.parse("%evt.num ".repeat(FormatGenerator.MAX_FIELDS), ctx).isGenerated()).isTrue();
    }
}
