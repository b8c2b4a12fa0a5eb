// In one JVM, alternately reads a capture with (0) state only, (1) state + a filter compiled to generated
// code, (2) state + the same filter as a node tree (-Dtalon.filter.codegen=false at compile time), and
// reports the best time of each: what generating the condition's code saves per event, with JIT and
// machine noise affecting all three alike.
//
//   java -cp talon-cli/target/talon.jar bench/FilterCodegenBench.java CAPTURE [ROUNDS] [FILTER]
//   (default filter: run (c) of bench/inspect-heavy.sh)
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

import java.nio.file.Path;

public class FilterCodegenBench {
    static final String HEAVY = "(proc.name contains http and fd.name contains /etc)"
            + " or (proc.name in (sh, bash, nginx, curl, python) and fd.type = file)"
            + " or fd.name pmatch (/etc, /var/run, /proc/self)"
            + " or (fd.directory in (/tmp, /dev, /usr/lib) and evt.is_io_write = true)"
            + " or proc.cmdline icontains FOREGROUND"
            + " or (fd.sip in (127.0.0.1, 172.17.0.4) and fd.sport in (80, 443, 8080))"
            + " or proc.exe startswith /usr/sbin"
            + " or (fd.filename in (passwd, shadow, group) and evt.type in (open, openat))"
            + " or proc.pname contains runc"
            + " or (fd.l4proto = tcp and fd.name contains \"->\")";

    public static void main(String[] args) throws Exception {
        Path capture = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String filter = args.length > 2 ? args[2] : HEAVY;
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] allocated = new long[3];
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long events = 0, matched1 = 0, matched2 = 0;
        for (int r = 0; r < rounds; r++) {
            for (int variant = 0; variant < 3; variant++) {
                StateTracker state = new StateTracker();
                EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
                System.setProperty("talon.filter.codegen", variant == 2 ? "false" : "true");
                EventPredicate p = new FilterCompiler(ctx).compile(filter);
                long n = 0, m = 0;
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                try (Source s = ScapReader.open(capture, new CaptureMetadata(state))) {
                    EventView e = new EventView();
                    while (s.next(e)) {
                        if (e.info() == null) continue;
                        state.onEvent(e);
                        n++;
                        ctx.event(n, null);
                        ctx.timestamp(e.ts());
                        if (variant > 0 && p.test(e)) m++;
                    }
                }
                best[variant] = Math.min(best[variant], System.nanoTime() - t0);
                allocated[variant] = threads.getCurrentThreadAllocatedBytes() - a0; // the last round's
                events = n;
                if (variant == 1) matched1 = m;
                if (variant == 2) matched2 = m;
            }
        }
        if (matched1 != matched2) throw new AssertionError("generated matched " + matched1 + ", tree " + matched2);
        System.out.printf("events %d, matched %d%n", events, matched1);
        System.out.printf("  state only            %6.0f ns/event  %6.2f B/event allocated%n", (double) best[0] / events,
                (double) allocated[0] / events);
        System.out.printf("  + filter, generated   %6.0f ns/event  %6.2f B/event  (filter %.0f ns/event)%n",
                (double) best[1] / events, (double) allocated[1] / events, (double) (best[1] - best[0]) / events);
        System.out.printf("  + filter, tree        %6.0f ns/event  %6.2f B/event  (filter %.0f ns/event)%n",
                (double) best[2] / events, (double) allocated[2] / events, (double) (best[2] - best[0]) / events);
    }
}
