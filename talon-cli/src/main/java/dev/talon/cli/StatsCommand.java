package dev.talon.cli;

import dev.talon.driver.LoadedProbe;
import dev.talon.driver.ProbeOptions;
import dev.talon.driver.ProbeSpec;
import dev.talon.driver.ProbeStats;
import dev.talon.driver.ProgramStats;
import dev.talon.driver.RingBufferSource;
import dev.talon.event.EventView;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code talon stats [-M SECS]}: captures every syscall for SECS seconds, reading and discarding the
 * events, then prints the probe's counters like libs' scap-open: events captured, events seen by
 * the probe, drops by reason, and the run count and mean run time of each attached program.
 */
final class StatsCommand implements Callable<Integer> {
    int seconds;
    int snaplen;
    List<String> filter;

    /** The command line of this command. */
    CommandSpec spec() {
        return new CommandOptions(this, "stats",
                "Capture live for a while and print the probe's statistics (like scap-open)")
                .help()
                .option("-M", int.class, "<seconds>", "5", "seconds to capture (default ${DEFAULT-VALUE})",
                        v -> seconds = v)
                .option("-s", int.class, "<snaplen>", "" + ProbeOptions.DEFAULT_SNAPLEN,
                        "bytes of I/O data captured per event (default ${DEFAULT-VALUE})", v -> snaplen = v)
                .positionals("<filter>", "a filter whose event types select the syscalls captured, as for `talon "
                        + "inspect` (default: every syscall); only the selection is used, events are counted whether "
                        + "they match or not", v -> filter = v)
                .spec();
    }

    @Override
    public Integer call() {
        PrintStream out = System.out;
        if (seconds <= 0) {
            System.err.println("talon: -M must be a positive number of seconds, got " + seconds);
            return 1;
        }
        ProbeOptions options;
        try {
            String f = filter == null ? null : String.join(" ", filter);
            // a bad filter is an error here, not "capture everything" as when an inspector has accepted it
            options = LiveCapture.probeOptions(new LiveCapture.Settings(f, snaplen, seconds, 0, null, false),
                    SyscallSelection.of(f, ProbeOptions.allSyscalls()));
        } catch (dev.talon.filter.FilterSyntaxException e) {
            System.err.println("talon: filter error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
        try (LoadedProbe probe = ProbeSpec.embedded().load(options);
             AutoCloseable runTime = probe.enableRunTimeStats()) {
            probe.attach();
            long captured = 0;
            long start = System.nanoTime();
            try (RingBufferSource source = probe.openSource();
                 LiveCapture.Stopper stopper = LiveCapture.Stopper.install(source, seconds)) {
                EventView v = new EventView();
                while (source.next(v)) {
                    captured++;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            print(out, captured, elapsed, probe.stats(), probe.mode());
            return 0;
        } catch (Exception e) { // CaptureException (typed driver errors) or closing the run-time stats
            System.err.println("talon: " + e.getMessage());
            return 1;
        }
    }

    static void print(PrintStream out, long captured, double seconds, ProbeStats st, String mode) {
        out.println("---------------------- STATS -----------------------");
        out.printf(Locale.ROOT, "Probe mode: %s%n", mode);
        out.printf(Locale.ROOT, "Events correctly captured (SCAP_SUCCESS): %d%n", captured);
        out.printf(Locale.ROOT, "Seen by driver (kernel side events): %d%n", st.seen());
        out.printf(Locale.ROOT, "Time elapsed: %.2f s%n", seconds);
        out.printf(Locale.ROOT, "Rate of kernel side events: %.2f evt/s%n", st.seen() / seconds);
        out.printf(Locale.ROOT, "Rate of userspace events (scap_next() calls): %.2f evt/s%n", captured / seconds);
        out.printf(Locale.ROOT, "Events written to the rings: %d%n", st.events());
        out.printf(Locale.ROOT, "Number of dropped events: %d%n", st.drops());
        out.printf(Locale.ROOT, "Number of dropped events caused by full buffer (n_drops_buffer): %d%n", st.dropsRingFull());
        out.printf(Locale.ROOT, "Number of dropped events caused by a missing ring (n_drops_no_ring): %d%n", st.dropsNoRing());
        out.printf(Locale.ROOT, "Number of dropped events caused by internal errors (n_drops_bug): %d%n", st.dropsBug());
        out.printf(Locale.ROOT, "Number of parameters not read (n_drops_pf): %d%n", st.readFaults());
        out.printf(Locale.ROOT, "Number of truncated events: %d%n", st.truncated());
        for (ProgramStats p : st.programs()) {
            out.printf(Locale.ROOT, "[bpf] %s: run_cnt %d, run_time_ns %d, avg_time_ns %.0f%n",
                    p.name(), p.runCount(), p.runTimeNanos(), p.nanosPerRun());
        }
        out.println("-----------------------------------------------------");
    }
}
