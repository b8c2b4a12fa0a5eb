package dev.talon.bench;

import dev.talon.event.EventView;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.filter.EventPredicate;
import dev.talon.inspect.filter.FilterCompiler;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operation = one event of a real capture (copied into memory, replayed in a loop): state update, then the
 * filter. {@code none} is the state alone; the difference to it is the filter's cost per event, and with
 * {@code -prof gc} its {@code gc.alloc.rate.norm} is the filter's allocation per event (target: none).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class FilterBench {
    /** The filters; "heavy" is bench/inspect-heavy.sh's run (c). */
    static final Map<String, String> FILTERS = Map.of(
            "none", "",
            "heavy", "(proc.name contains http and fd.name contains /etc)"
                    + " or (proc.name in (sh, bash, nginx, curl, python) and fd.type = file)"
                    + " or fd.name pmatch (/etc, /var/run, /proc/self)"
                    + " or (fd.directory in (/tmp, /dev, /usr/lib) and evt.is_io_write = true)"
                    + " or proc.cmdline icontains FOREGROUND"
                    + " or (fd.sip in (127.0.0.1, 172.17.0.4) and fd.sport in (80, 443, 8080))"
                    + " or proc.exe startswith /usr/sbin"
                    + " or (fd.filename in (passwd, shadow, group) and evt.type in (open, openat))"
                    + " or proc.pname contains runc"
                    + " or (fd.l4proto = tcp and fd.name contains \"->\")",
            "regex", "proc.name regex '^http' or fd.name regex '^/etc/(passwd|shadow)'",
            "opens", "evt.type in (open, openat, openat2) and evt.is_open_read = true and fd.typechar = f"
                    + " and fd.num >= 0 and (fd.directory in (/etc, /usr/lib, /var/www)"
                    + " or fd.filename in (passwd, shadow, httpd.conf) or fd.name startswith /proc)");

    @Param({"none", "heavy", "regex", "opens"})
    public String filter;

    private MemorySegment events;
    private long[] offsets;
    private int next;
    private long number;
    private StateTracker state;
    private EventContext ctx;
    private EventPredicate predicate;
    private final EventView e = new EventView();

    @Setup(Level.Trial)
    public void load() throws Exception {
        Path fixture = fixture();
        state = new StateTracker();
        ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
        List<byte[]> copies = new ArrayList<>();
        long total = 0;
        try (Source s = ScapReader.open(fixture, new CaptureMetadata(state))) {
            EventView v = new EventView();
            while (s.next(v)) {
                if (v.info() == null) continue;
                byte[] b = v.segment().asSlice(v.offset(), v.length()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                copies.add(b);
                total += (b.length + 7) & ~7L;
            }
        }
        events = Arena.ofAuto().allocate(total, 8);
        offsets = new long[copies.size()];
        long at = 0;
        for (int i = 0; i < offsets.length; i++) {
            byte[] b = copies.get(i);
            MemorySegment.copy(MemorySegment.ofArray(b), 0, events, at, b.length);
            offsets[i] = at;
            at += (b.length + 7) & ~7L;
        }
        predicate = new FilterCompiler(ctx).compile(FILTERS.get(filter));
    }

    static Path fixture() {
        String p = System.getProperty("talon.fixture");
        if (p != null) return Path.of(p);
        for (String base : new String[] {"../shared", "../../shared", "../../../shared", "/work/shared"}) {
            Path f = Path.of(base, "fixtures/scap/sf-collector__mpm-event_full_capture.scap");
            if (Files.exists(f)) return f;
        }
        throw new IllegalStateException("fixture not found: pass -Dtalon.fixture=FILE.scap (jvmArgsAppend)");
    }

    @Benchmark
    public boolean event() {
        EventView v = e.wrap(events, offsets[next]);
        if (++next == offsets.length) next = 0;
        state.onEvent(v);
        ctx.event(++number, null);
        ctx.timestamp(v.ts());
        return predicate.test(v);
    }
}
