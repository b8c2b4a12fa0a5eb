package dev.talon.cli;

import dev.talon.driver.LoadedProbe;
import dev.talon.driver.ProbeOptions;
import dev.talon.driver.ProbeSpec;
import dev.talon.driver.ProbeStats;
import dev.talon.driver.RingBufferSource;
import dev.talon.filter.FilterSyntaxException;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.scap.CaptureException;
import dev.talon.event.EventView;
import dev.talon.scap.MetadataSink;
import dev.talon.scap.Source;
import dev.talon.scap.proc.ProcScanner;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code talon inspect} without {@code -r}: loads and attaches the probe, scans /proc into the state
 * (and into the {@code -w} file), then feeds the probe's events through the same {@link Inspector}
 * as a file. Like libscap, the probe is attached before the scan, so a process started during the
 * scan is seen either by the scan or by its events; the events of the scan's duration are kept in
 * a {@link StartupBuffer} meanwhile, so a busy machine does not overflow the rings. {@code -M},
 * Ctrl-C and SIGTERM stop the event loop; the events already read are processed and the file is
 * flushed and closed.
 */
final class LiveCapture {
    /**
     * How to capture: the filter (for the syscall selection), -s, -M, -w with rotation (null: print)
     * and whether to print the probe's statistics on stderr at the end (--probe-stats).
     */
    record Settings(String filter, int snaplen, int seconds, long maxEvents, CaptureRotation.Settings write,
            boolean probeStats) {

        /**
         * -w without a filter keeps every event, and nothing is printed: the events go from the rings
         * straight to the file without the state and filter work that could not change the result.
         */
        boolean rawWrite() {
            return write != null && (filter == null || filter.isBlank());
        }
    }

    private LiveCapture() {
    }

    /** Runs the capture; returns the exit code. Errors become one line on {@code err}. */
    static int run(Inspector inspector, StateTracker state, Settings s, OutputStream out, PrintStream err)
            throws IOException {
        return run(inspector, state, s, out, err, source -> { });
    }

    /**
     * As {@link #run(Inspector, StateTracker, Settings, OutputStream, PrintStream)}; {@code onStart}
     * gets the source once the probe is attached and the state scanned, just before events are read
     * (tests start their workload there and may {@link RingBufferSource#stop()} it).
     */
    static int run(Inspector inspector, StateTracker state, Settings s, OutputStream out, PrintStream err,
            Consumer<RingBufferSource> onStart) throws IOException {
        ProbeOptions options;
        try {
            options = probeOptions(s);
        } catch (IllegalArgumentException e) {
            err.println("talon: " + e.getMessage());
            return 1;
        }
        CaptureRotation rotation = null;
        try (LoadedProbe probe = ProbeSpec.embedded().load(options)) {
            probe.attach();
            // the signal handlers go in before the /proc scan writes the file's first blocks: a SIGTERM from then
            // on stops the capture and closes the file instead of killing the JVM (exit 143)
            try (RingBufferSource source = probe.openSource();
                 Stopper stopper = Stopper.install(source, s.seconds());
                 StartupBuffer startup = StartupBuffer.start(source, source::poll)) {
                MetadataSink stateSink = new CaptureMetadata(state);
                if (s.write() != null) {
                    rotation = new CaptureRotation(s.write(), ProcScanner::scan);
                    ProcScanner.scan(new InspectCommand.TeeSink(stateSink, rotation.firstFileSink()));
                    rotation.stateWritten();
                } else {
                    ProcScanner.scan(stateSink);
                }
                startup.endOfStartup();
                LiveOutput live = new LiveOutput(out);
                CaptureRotation files = rotation;
                source.onIdle(() -> {
                    if (files != null) files.flush();
                    live.flushIfPending();
                });
                CountingSource counted = new CountingSource(startup, live);
                long start = System.nanoTime();
                onStart.accept(source);
                if (s.rawWrite()) {
                    copy(counted, rotation, s.maxEvents());
                } else {
                    inspector.run(counted, live, rotation);
                }
                if (rotation != null) {
                    rotation.close();
                }
                ProbeStats stats = probe.stats();
                if (s.probeStats()) {
                    StatsCommand.print(err, counted.count, (System.nanoTime() - start) / 1e9, stats, probe.mode());
                } else {
                    reportDrops(stats, err);
                }
            }
            return 0;
        } catch (CaptureException e) {
            out.flush();
            if (rotation != null) {
                try {
                    rotation.close();
                } catch (CaptureException ignored) {
                    // the first error is the one reported
                }
            }
            err.println("talon: " + e.getMessage());
            return 1;
        }
    }

    private static void copy(Source source, CaptureRotation rotation, long maxEvents) throws CaptureException {
        EventView e = new EventView();
        long n = 0;
        while (source.next(e)) {
            rotation.accept(e);
            if (maxEvents > 0 && ++n >= maxEvents) {
                break;
            }
        }
    }

    /**
     * Counts the events read (for --probe-stats); one increment per event. Every 1024 events it lets
     * printed lines out that waited longer than {@link LiveOutput#FLUSH_NANOS} (a busy capture whose
     * events the filter rejects neither prints nor goes idle).
     */
    private static final class CountingSource implements Source {
        private final Source inner;
        private final LiveOutput live;
        long count;

        CountingSource(Source inner, LiveOutput live) {
            this.inner = inner;
            this.live = live;
        }

        @Override
        public boolean next(EventView into) throws CaptureException {
            if (inner.next(into)) {
                if ((++count & 1023) == 0) {
                    live.flushIfDue();
                }
                return true;
            }
            return false;
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /**
     * Live text output: a printed line reaches the reader within {@link #FLUSH_NANOS}, like sysdig's stdout
     * on a terminal, instead of waiting for a 64 KiB buffer to fill (a narrow filter printed nothing until
     * the capture ended), while a busy capture still writes in large blocks. A flush failure outside a write
     * (EPIPE: the reader went away) is thrown by the next write or flush.
     */
    static final class LiveOutput extends OutputStream {
        static final long FLUSH_NANOS = 100_000_000L;
        private final OutputStream out;
        private boolean pending;
        private long lastFlush = System.nanoTime();
        private IOException failure;

        LiveOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            check();
            out.write(b);
            written();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check();
            out.write(b, off, len);
            written();
        }

        private void written() throws IOException {
            pending = true;
            long now = System.nanoTime();
            if (now - lastFlush >= FLUSH_NANOS) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            check();
            out.flush();
            pending = false;
            lastFlush = System.nanoTime();
        }

        /** When idle: lets out whatever was printed. */
        void flushIfPending() {
            if (pending && failure == null) {
                try {
                    flush();
                } catch (IOException e) {
                    failure = e;
                }
            }
        }

        void flushIfDue() {
            if (System.nanoTime() - lastFlush >= FLUSH_NANOS) {
                flushIfPending();
            }
        }

        private void check() throws IOException {
            IOException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }
    }

    static ProbeOptions probeOptions(Settings s) {
        Set<String> all = ProbeOptions.allSyscalls();
        Set<String> syscalls;
        try {
            syscalls = SyscallSelection.of(s.filter(), all);
        } catch (FilterSyntaxException e) {
            // the inspector's filter already accepted it; capture everything and let it decide
            syscalls = all;
        }
        return probeOptions(s, syscalls);
    }

    /** The probe options of a live run that captures {@code syscalls}. */
    static ProbeOptions probeOptions(Settings s, Set<String> syscalls) {
        if (s.snaplen() < 0 || s.snaplen() > ProbeOptions.MAX_SNAPLEN) {
            throw new IllegalArgumentException("-s must be within 0.." + ProbeOptions.MAX_SNAPLEN + ", got " + s.snaplen());
        }
        return ProbeOptions.defaults().withSnaplen(s.snaplen()).withSyscalls(syscalls)
                .withIgnoredTgid((int) ProcessHandle.current().pid());
    }

    private static void reportDrops(ProbeStats st, PrintStream err) {
        if (st.drops() > 0) {
            err.printf("talon: the probe dropped %d events (ring full %d, no ring %d, internal %d) of %d seen%n",
                    st.drops(), st.dropsRingFull(), st.dropsNoRing(), st.dropsBug(), st.seen());
        }
    }

    /**
     * Stops the source on SIGINT, SIGTERM or after {@code seconds} (0: never); closing restores the
     * previous signal handlers. The handlers only set a flag the event loop reads, so the events
     * already taken are processed and the files closed normally.
     */
    static final class Stopper implements AutoCloseable {
        private final SignalHandler oldInt;
        private final SignalHandler oldTerm;
        private final Thread timer;

        private Stopper(SignalHandler oldInt, SignalHandler oldTerm, Thread timer) {
            this.oldInt = oldInt;
            this.oldTerm = oldTerm;
            this.timer = timer;
        }

        static Stopper install(RingBufferSource source, int seconds) {
            SignalHandler stop = sig -> source.stop();
            SignalHandler oldInt = Signal.handle(new Signal("INT"), stop);
            SignalHandler oldTerm = Signal.handle(new Signal("TERM"), stop);
            Thread timer = null;
            if (seconds > 0) {
                timer = Thread.ofPlatform().daemon().name("talon-capture-timer").start(() -> {
                    try {
                        Thread.sleep(seconds * 1000L);
                        source.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // capture ended first
                    }
                });
            }
            return new Stopper(oldInt, oldTerm, timer);
        }

        @Override
        public void close() {
            Signal.handle(new Signal("INT"), oldInt);
            Signal.handle(new Signal("TERM"), oldTerm);
            if (timer != null) {
                timer.interrupt();
            }
        }
    }
}
