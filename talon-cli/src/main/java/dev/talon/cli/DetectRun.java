package dev.talon.cli;

import dev.talon.driver.LoadedProbe;
import dev.talon.driver.ProbeOptions;
import dev.talon.driver.ProbeSpec;
import dev.talon.driver.ProbeStats;
import dev.talon.driver.RingBufferSource;
import dev.talon.event.EventFlags;
import dev.talon.event.EventInfo;
import dev.talon.event.EventSchema;
import dev.talon.event.EventView;
import dev.talon.inspect.Inspector;
import dev.talon.inspect.field.EventContext;
import dev.talon.inspect.format.ArgRenderer;
import dev.talon.inspect.format.BufferMode;
import dev.talon.inspect.state.CaptureMetadata;
import dev.talon.inspect.state.StateTracker;
import dev.talon.outputs.Alert;
import dev.talon.outputs.ChannelStats;
import dev.talon.outputs.Outputs;
import dev.talon.outputs.config.TalonConfig;
import dev.talon.outputs.metrics.Counter;
import dev.talon.outputs.metrics.MetricsRegistry;
import dev.talon.outputs.metrics.MetricsServer;
import dev.talon.rules.CompiledRule;
import dev.talon.rules.RuleSet;
import dev.talon.rules.engine.DetectionEngine;
import dev.talon.rules.engine.RuleBinder;
import dev.talon.rules.engine.RuleSelection;
import dev.talon.scap.CaptureException;
import dev.talon.scap.ScapReader;
import dev.talon.scap.Source;
import dev.talon.scap.proc.ProcScanner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The detection loop of {@code talon detect}: for every event, the state is updated first, then the
 * rules engine evaluates it (as Falco does), and alerts go to the configured outputs. Capture files are
 * read one after the other, each with a fresh state; without files the live probe is loaded, attached,
 * /proc is scanned into the state, and events are read until Ctrl-C, SIGTERM or {@code -M}.
 */
final class DetectRun {
    /**
     * What to run: capture files (empty: live), loaded rules and the options that shape the engine;
     * {@code allEvents} ({@code -A}) captures every syscall live.
     */
    record Request(List<Path> captures, RuleSet rules, RuleSelection selection, DetectionEngine.Settings settings,
                   TalonConfig config, int seconds, boolean allEvents) {
    }

    /** Totals across files, for the summary. */
    private long events;
    private long alerts;
    private final Map<String, Long> byRule = new LinkedHashMap<>();
    private final Map<String, Long> byPriority = new LinkedHashMap<>();

    private boolean skippedReported;
    private final Request request;
    private final PrintStream err;
    private final MetricsRegistry metrics = new MetricsRegistry();
    private final Counter eventCounter = metrics.events();
    private final Counter dropCounter = metrics.drops();

    private DetectRun(Request request, PrintStream err) {
        this.request = request;
        this.err = err;
    }

    static int run(Request request, PrintStream err) throws IOException {
        return new DetectRun(request, err).run();
    }

    private int run() throws IOException {
        TalonConfig config = request.config();
        MetricsServer server = null;
        if (config.metrics().enabled()) {
            server = MetricsServer.start(metrics, config.metrics().listenAddress(), config.metrics().listenPort());
            err.println("talon: metrics at http://" + config.metrics().listenAddress() + ":" + server.port() + "/metrics");
        }
        Outputs outputs = Outputs.fromConfig(config, metrics);
        int rc;
        try {
            rc = request.captures().isEmpty() ? live(outputs) : files(outputs);
        } finally {
            outputs.close();
            if (server != null) {
                server.close();
            }
        }
        if (rc == 0 || events > 0) {
            summary(outputs); // not after a failure to start (the error line says it all)
        }
        return rc;
    }

    /** One state, one engine bound to it. */
    private final class Pipeline {
        final StateTracker state = new StateTracker();
        final EventContext ctx = new EventContext(state, new ArgRenderer(state, BufferMode.NORMAL, false));
        final DetectionEngine engine;
        long number;
        boolean started;

        Pipeline(Outputs outputs) throws RuleBinder.BindException {
            ctx.hostname(Alert.localHostname());
            engine = DetectionEngine.build(request.rules(), request.selection(), new DetectBinder(ctx),
                    request.settings(), outputs::offer, true);
            if (!skippedReported) {
                skippedReported = true;
                for (DetectionEngine.SkippedRule s : engine.skipped()) {
                    err.println("talon: warning: not running " + s.reason());
                }
            }
        }

        /** Reads {@code source} to its end, evaluating rules after each state update. */
        void consume(Source source) throws CaptureException {
            EventView e = new EventView();
            // one method per event, compiled by its invocation count long before this loop would be by
            // on-stack replacement (see Inspector.run)
            while (source.next(e)) {
                handle(e);
            }
        }

        private void handle(EventView e) {
            EventInfo info = e.info();
            eventCounter.increment();
            if (info == null) {
                return;
            }
            state.onEvent(e);
            byte kind = Inspector.kind(e.type());
            // user/group table events (libs >= 0.10) are metadata; libsinsp does not number them
            if (kind == Inspector.USER_OR_GROUP) {
                return;
            }
            number++;
            boolean container = kind == Inspector.CONTAINER;
            if (container && !started) {
                return; // initial-state container events only describe containers
            }
            started = true;
            ctx.event(number, container ? Inspector.containerName(e) : null);
            ctx.timestamp(e.ts());
            if (!e.isStateOnly()) {
                engine.process(e);
            }
        }

        void addTotals() {
            events += engine.events();
            alerts += engine.alerts();
            engine.alertsByRule().forEach((k, v) -> byRule.merge(k, v, Long::sum));
            engine.alertsByPriority().forEach((k, v) -> byPriority.merge(k, v, Long::sum));
        }
    }

    private int files(Outputs outputs) {
        for (Path file : request.captures()) {
            Pipeline p;
            try {
                p = new Pipeline(outputs);
            } catch (RuleBinder.BindException e) {
                err.println("talon: " + e.getMessage());
                return 1;
            }
            try (Source source = ScapReader.open(file, new CaptureMetadata(p.state))) {
                p.consume(source);
            } catch (CaptureException e) {
                p.addTotals();
                err.println("talon: " + e.getMessage());
                return 1;
            }
            p.addTotals();
        }
        return 0;
    }

    private int live(Outputs outputs) {
        Pipeline p;
        try {
            p = new Pipeline(outputs);
        } catch (RuleBinder.BindException e) {
            err.println("talon: " + e.getMessage());
            return 1;
        }
        Set<String> known = ProbeOptions.allSyscalls();
        Set<String> syscalls = request.allEvents() ? known : interestingSyscalls(p.engine, known);
        ProbeOptions options = ProbeOptions.defaults().withSyscalls(syscalls)
                .withIgnoredTgid((int) ProcessHandle.current().pid());
        if (syscalls.size() < known.size()) {
            err.println("talon: capturing " + syscalls.size() + " of " + known.size()
                    + " syscalls (the rules' event types and those that keep the state)");
        }
        try (LoadedProbe probe = ProbeSpec.embedded().load(options)) {
            probe.attach();
            // attached before the scan, like libscap: a process started meanwhile is seen by one or the other;
            // the events of the scan's duration wait in a StartupBuffer, as for talon inspect, so a busy
            // machine does not overflow the rings before the first rule runs
            try (RingBufferSource source = probe.openSource();
                 StartupBuffer startup = StartupBuffer.start(source, source::poll)) {
                ProcScanner.scan(new CaptureMetadata(p.state));
                startup.endOfStartup();
                err.println("talon: live detection started with " + p.engine.rules().size() + " rules (Ctrl-C to stop)");
                try (LiveCapture.Stopper stopper = LiveCapture.Stopper.install(source, request.seconds())) {
                    p.consume(startup);
                }
                ProbeStats st = probe.stats();
                dropCounter.add(st.drops());
                err.println("Syscall event drop monitoring:");
                err.println("   - events seen: " + st.seen() + ", dropped: " + st.drops() + " (ring full " + st.dropsRingFull()
                        + ", no ring " + st.dropsNoRing() + ", internal " + st.dropsBug() + ")");
            }
        } catch (CaptureException e) {
            p.addTotals();
            err.println("talon: " + e.getMessage());
            return 1;
        }
        p.addTotals();
        return 0;
    }

    /**
     * Falco's "interesting" syscalls: the event types of the running rules plus every syscall that
     * changes the state (libsinsp's EF_MODIFIES_STATE / fd-creating / fd-destroying events, and process
     * lifecycle), so fields stay right for the events the rules see. Everything when a rule matches
     * all types or a syscall without an event of its own (the generic {@code syscall} event).
     */
    static Set<String> interestingSyscalls(DetectionEngine engine, Set<String> known) {
        Set<String> out = new TreeSet<>();
        for (CompiledRule r : engine.rules()) {
            Set<String> names = r.eventTypes().names();
            if (r.eventTypes().isAll() || names.contains("syscall")) {
                return known;
            }
            out.addAll(names);
        }
        for (int code = 0; code < EventSchema.typeCount(); code++) {
            EventInfo i = EventSchema.info(code);
            if (i != null && (i.flags() & (EventFlags.EF_MODIFIES_STATE | EventFlags.EF_CREATES_FD
                    | EventFlags.EF_DESTROYS_FD)) != 0) {
                out.add(i.name());
            }
        }
        out.addAll(SyscallSelection.PROCESS_LIFECYCLE);
        out.retainAll(known);
        return out;
    }

    /** Falco's end-of-run summary, plus output drops. */
    private void summary(Outputs outputs) {
        err.println("Events processed: " + events);
        err.println("Events detected: " + alerts);
        err.println("Rule counts by severity:");
        byPriority.forEach((k, v) -> err.println("   " + k + ": " + v));
        err.println("Triggered rules by rule name:");
        byRule.forEach((k, v) -> err.println("   " + k + ": " + v));
        long rateLimited = outputs.rateLimited();
        if (rateLimited > 0) {
            err.println("Alerts dropped by outputs.rate: " + rateLimited);
        }
        for (ChannelStats s : outputs.stats()) {
            if (s.dropped() > 0 || s.failed() > 0) {
                err.println("Output " + s.channel() + ": " + s.delivered() + " delivered, " + s.dropped() + " dropped, "
                        + s.failed() + " failed");
            }
        }
    }
}
