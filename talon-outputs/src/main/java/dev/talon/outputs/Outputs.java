package dev.talon.outputs;

import dev.talon.outputs.config.TalonConfig;
import dev.talon.outputs.metrics.Counter;
import dev.talon.outputs.metrics.MetricsRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Falco's output stage: takes alerts from the rules engine and delivers each to every channel.
 *
 * <p>{@link #offer} never blocks: alerts below the minimum priority are skipped, the optional token
 * bucket may refuse them, and each channel has its own bounded queue and thread, so a slow or failing
 * channel only fills (and drops from) its own queue. Drops and failures are counted per channel
 * ({@link #stats()}, and in the {@link MetricsRegistry}) and reported on stderr at most once per
 * interval per channel.
 *
 * <pre>{@code
 * try (Outputs outputs = Outputs.fromConfig(config, metrics)) {
 *     outputs.offer(alert);          // from the capture loop
 * }                                  // drains, waiting at most DEFAULT_CLOSE_DEADLINE
 * }</pre>
 */
public final class Outputs implements AutoCloseable {
    /** Queue bound per channel when the configuration says 0. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    /** How long {@link #close()} waits for queued alerts to go out. */
    public static final Duration DEFAULT_CLOSE_DEADLINE = Duration.ofSeconds(5);

    private final AlertFormatter formatter;
    private final List<ChannelWorker> workers;
    private final TokenBucket rateLimit;
    private final Priority minimumPriority;
    private final MetricsRegistry metrics;
    private final Counter rateLimited;
    /** rule name -> one counter per priority level, so counting an alert allocates nothing after the first. */
    private final ConcurrentHashMap<String, Counter[]> alertCounters = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Outputs(Builder b) {
        this.formatter = b.formatter;
        this.metrics = b.metrics != null ? b.metrics : new MetricsRegistry();
        this.minimumPriority = b.minimumPriority;
        this.rateLimit = b.rate > 0 ? new TokenBucket(b.rate, Math.max(1, b.maxBurst), b.nanoClock) : null;
        this.rateLimited = metrics.counter("talon_outputs_rate_limited_total",
                "Alerts dropped by the outputs.rate token bucket");
        List<ChannelWorker> ws = new ArrayList<>();
        for (OutputChannel ch : b.channels) {
            String n = ch.name();
            ChannelWorker w = new ChannelWorker(ch, b.queueCapacity,
                    metrics.counter("talon_outputs_delivered_total", "Alerts delivered, by channel", "channel", n),
                    metrics.counter("talon_outputs_drops_total", "Alerts dropped because the channel queue was full, by channel", "channel", n),
                    metrics.counter("talon_outputs_failures_total", "Alerts whose delivery failed, by channel", "channel", n),
                    new FailureReporter(n, b.errors, b.reportInterval.toNanos(), b.nanoClock));
            metrics.gauge("talon_outputs_queue_size", "Alerts waiting in the channel queue", w::queued, "channel", n);
            ws.add(w);
        }
        this.workers = List.copyOf(ws);
        workers.forEach(ChannelWorker::start);
    }

    /**
     * The channels enabled in {@code config}, formatted per its json_* settings.
     *
     * @param metrics registry for the output counters, or null to keep them private
     * @throws IOException if a channel cannot be set up (e.g. unreadable TLS certificates)
     */
    public static Outputs fromConfig(TalonConfig config, MetricsRegistry metrics) throws IOException {
        Builder b = builder()
                .formatter(new AlertFormatter(config.formatOptions()))
                .minimumPriority(config.minimumPriority())
                .metrics(metrics)
                .queueCapacity(config.outputsQueueCapacity() == 0 ? DEFAULT_QUEUE_CAPACITY : config.outputsQueueCapacity());
        if (config.outputsRate().limited()) {
            b.rateLimit(config.outputsRate().rate(), config.outputsRate().maxBurst());
        }
        boolean buffered = config.bufferedOutputs();
        if (config.stdoutOutput().enabled()) {
            b.channel(new StdoutChannel(System.out, buffered));
        }
        if (config.syslogOutput().enabled()) {
            b.channel(new SyslogChannel(SyslogChannel.DEFAULT_PATH, "talon", Clock.systemDefaultZone()));
        }
        TalonConfig.FileOutput file = config.fileOutput();
        if (file.enabled()) {
            b.channel(new FileOutputChannel(Path.of(file.filename()), file.keepAlive(), buffered));
        }
        TalonConfig.ProgramOutput program = config.programOutput();
        if (program.enabled()) {
            b.channel(new ProgramChannel(program.program(), program.keepAlive(), buffered));
        }
        if (config.httpOutput().enabled()) {
            b.channel(new HttpChannel(config.httpOutput(), config.jsonOutput(), System.out));
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Hands an alert to every channel without blocking.
     *
     * @return true if every channel queued it; false if it was below the minimum priority, refused by
     *         the rate limit, dropped by at least one full queue, or if outputs are closed
     */
    public boolean offer(Alert alert) {
        if (closed || !alert.priority().isAtLeast(minimumPriority)) {
            return false;
        }
        alertCounter(alert).increment();
        if (rateLimit != null && !rateLimit.tryClaim()) {
            rateLimited.increment();
            return false;
        }
        Pending p = new Pending(alert, formatter);
        boolean all = true;
        for (ChannelWorker w : workers) {
            all &= w.offer(p);
        }
        return all;
    }

    private Counter alertCounter(Alert a) {
        Counter[] byPriority = alertCounters.computeIfAbsent(a.rule(), r -> new Counter[Priority.values().length]);
        int level = a.priority().level();
        Counter c = byPriority[level];
        if (c == null) {
            c = metrics.alerts(a.rule(), a.priority().displayName());
            byPriority[level] = c; // benign race: the registry returns the same counter
        }
        return c;
    }

    /** Per-channel counters, in channel order. */
    public List<ChannelStats> stats() {
        List<ChannelStats> out = new ArrayList<>(workers.size());
        for (ChannelWorker w : workers) {
            out.add(new ChannelStats(w.channel.name(), w.delivered.value(), w.dropped.value(), w.failed.value(), w.queued()));
        }
        return out;
    }

    /** Alerts refused by the {@code outputs.rate} limit. */
    public long rateLimited() {
        return rateLimited.value();
    }

    public AlertFormatter formatter() {
        return formatter;
    }

    public MetricsRegistry metrics() {
        return metrics;
    }

    /**
     * Stops accepting alerts and lets every channel drain its queue until {@code deadline}; channels
     * still busy then are interrupted and closed, their queued alerts counted as dropped.
     *
     * @return true if every queued alert was handled (delivered or failed) in time
     */
    public boolean close(Duration deadline) {
        closed = true;
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        workers.forEach(ChannelWorker::beginClose);
        boolean clean = true;
        boolean interrupted = false;
        for (ChannelWorker w : workers) {
            try {
                if (!w.awaitExit(deadlineNanos)) {
                    clean = false;
                    w.abort();
                }
            } catch (InterruptedException e) {
                interrupted = true;
                clean = false;
                w.abort();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return clean;
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_DEADLINE}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_DEADLINE);
    }

    /** Assembles an {@link Outputs} from explicit channels (tests, embedding, custom channels). */
    public static final class Builder {
        private AlertFormatter formatter = new AlertFormatter(FormatOptions.defaults());
        private final List<OutputChannel> channels = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private double rate;
        private long maxBurst;
        private Priority minimumPriority = Priority.DEBUG;
        private MetricsRegistry metrics;
        private Consumer<String> errors = System.err::println;
        private Duration reportInterval = Duration.ofSeconds(10);
        private LongSupplier nanoClock = System::nanoTime;

        private Builder() {
        }

        public Builder formatter(AlertFormatter f) {
            this.formatter = Objects.requireNonNull(f);
            return this;
        }

        /** Adds a channel; names must be unique (they label the metrics). */
        public Builder channel(OutputChannel ch) {
            if (!names.add(ch.name())) {
                throw new IllegalArgumentException("two output channels named '" + ch.name() + "'");
            }
            channels.add(ch);
            return this;
        }

        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queue capacity must be >= 1, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /** Token bucket: {@code rate} alerts per second on average, bursts up to {@code maxBurst}. */
        public Builder rateLimit(double rate, long maxBurst) {
            if (!(rate > 0) || maxBurst < 1) {
                throw new IllegalArgumentException("rate must be > 0 and max_burst >= 1, got " + rate + ", " + maxBurst);
            }
            this.rate = rate;
            this.maxBurst = maxBurst;
            return this;
        }

        public Builder minimumPriority(Priority p) {
            this.minimumPriority = Objects.requireNonNull(p);
            return this;
        }

        public Builder metrics(MetricsRegistry m) {
            this.metrics = m;
            return this;
        }

        /** Where failure messages go (default: a line on stderr). */
        public Builder errors(Consumer<String> sink) {
            this.errors = Objects.requireNonNull(sink);
            return this;
        }

        /** At most one failure message per channel per interval (default 10 s). */
        public Builder errorReportInterval(Duration d) {
            this.reportInterval = Objects.requireNonNull(d);
            return this;
        }

        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = clock;
            return this;
        }

        public Outputs build() {
            return new Outputs(this);
        }
    }
}
