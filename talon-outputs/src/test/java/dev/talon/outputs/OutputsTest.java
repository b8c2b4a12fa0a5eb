package dev.talon.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.talon.outputs.config.TalonConfig;
import dev.talon.outputs.metrics.MetricsRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class OutputsTest {
    @TempDir
    Path dir;

    /** Records every line; optionally fails. */
    static final class Collecting implements OutputChannel {
        final String name;
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile boolean fail;
        volatile boolean closed;

        Collecting(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void write(Alert alert, String formatted) throws IOException {
            if (fail) {
                throw new IOException("sink unavailable");
            }
            lines.add(formatted);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void everyChannelGetsTheSameFormattedLineAndCloseDrains() {
        Collecting a = new Collecting("a");
        Collecting b = new Collecting("b");
        AlertFormatter f = new AlertFormatter(FormatOptions.defaults().withJsonOutput(true));
        Outputs out = Outputs.builder().formatter(f).channel(a).channel(b).build();
        for (int i = 0; i < 200; i++) {
            assertThat(out.offer(TestAlerts.alert(i))).isTrue();
        }
        assertThat(out.close(Duration.ofSeconds(30))).isTrue();
        assertThat(a.lines).hasSize(200).isEqualTo(b.lines);
        assertThat(a.lines.get(7)).isEqualTo(f.json(TestAlerts.alert(7)));
        assertThat(a.closed).isTrue();
        assertThat(out.stats()).containsExactly(new ChannelStats("a", 200, 0, 0, 0), new ChannelStats("b", 200, 0, 0, 0));
        assertThat(out.offer(TestAlerts.alert(1))).isFalse(); // closed
    }

    /**
     * The http channel posts to a webhook that does not answer until released; its queue (2) fills and
     * further alerts are dropped and counted, while offer() keeps returning and the file channel gets
     * every alert.
     */
    @Test
    void slowChannelDropsWithoutBlockingCallerOrOtherChannels() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.getRequestBody().readAllBytes();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        Path file = dir.resolve("events.txt");
        List<String> errors = new CopyOnWriteArrayList<>();
        MetricsRegistry metrics = new MetricsRegistry();
        Outputs out = Outputs.builder()
                .queueCapacity(2)
                .metrics(metrics)
                .errors(errors::add)
                .channel(new HttpChannel(ChannelsTest.http("http://127.0.0.1:" + server.getAddress().getPort() + "/", false, true, false),
                        false, System.out))
                .channel(new FileOutputChannel(file, true, false))
                .build();
        try {
            int accepted = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (int i = 0; i < 50; i++) {
                // never waits: the http worker is stuck on its first request
                if (out.offer(TestAlerts.alert(i))) {
                    accepted++;
                }
                // pace the offers by the file channel, whose queue (also 2) must never overflow: it keeps
                // delivering while the http channel is stuck
                while (out.stats().get(1).delivered() < i + 1 || (i == 0 && requests.get() == 0)) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(1);
                }
            }
            assertThat(accepted).isEqualTo(3); // http: one in flight + two queued
            ChannelStats http = out.stats().get(0);
            assertThat(http.dropped()).isEqualTo(47);
            assertThat(http.queued()).isEqualTo(2);
            assertThat(out.stats().get(1)).isEqualTo(new ChannelStats("file", 50, 0, 0, 0));
            assertThat(Files.readAllLines(file)).hasSize(50);
            assertThat(metrics.scrape()).contains("talon_outputs_drops_total{channel=\"http\"} 47")
                    .contains("talon_outputs_drops_total{channel=\"file\"} 0")
                    .contains("talon_outputs_queue_size{channel=\"http\"} 2");
            // the deadline passes with the webhook still stuck: queued alerts become drops, the request a failure
            assertThat(out.close(Duration.ofMillis(200))).isFalse();
            ChannelStats after = out.stats().get(0);
            assertThat(after.dropped()).isEqualTo(49);
            assertThat(after.delivered() + after.failed()).isEqualTo(1);
            assertThat(after.queued()).isZero();
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void failuresAreCountedAndReportedAtMostOncePerInterval() {
        AtomicLong now = new AtomicLong();
        List<String> errors = new CopyOnWriteArrayList<>();
        Collecting bad = new Collecting("webhook");
        bad.fail = true;
        Outputs out = Outputs.builder().channel(bad).errors(errors::add).nanoClock(now::get)
                .errorReportInterval(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 5; i++) {
            out.offer(TestAlerts.alert(i));
        }
        awaitHandled(out, 5);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        out.offer(TestAlerts.alert(9));
        assertThat(out.close(Duration.ofSeconds(30))).isTrue();
        assertThat(out.stats().get(0).failed()).isEqualTo(6);
        assertThat(errors).containsExactly(
                "talon: webhook output: sink unavailable",
                "talon: webhook output: sink unavailable (4 more messages suppressed)");
    }

    @Test
    void rateLimitIsATokenBucket() {
        AtomicLong now = new AtomicLong(1_000);
        Collecting c = new Collecting("c");
        Outputs out = Outputs.builder().channel(c).rateLimit(2, 3).nanoClock(now::get).build();
        int accepted = 0;
        for (int i = 0; i < 5; i++) {
            accepted += out.offer(TestAlerts.alert(i)) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(3); // the full bucket
        now.addAndGet(Duration.ofMillis(500).toNanos()); // refills one token
        assertThat(out.offer(TestAlerts.alert(5))).isTrue();
        assertThat(out.offer(TestAlerts.alert(6))).isFalse();
        now.addAndGet(Duration.ofSeconds(100).toNanos()); // capped at max_burst
        accepted = 0;
        for (int i = 0; i < 5; i++) {
            accepted += out.offer(TestAlerts.alert(i)) ? 1 : 0;
        }
        assertThat(accepted).isEqualTo(3);
        assertThat(out.rateLimited()).isEqualTo(5);
        out.close();
        assertThat(c.lines).hasSize(7);
    }

    @Test
    void alertsBelowMinimumPriorityAreSkippedAndAlertsCounted() {
        Collecting c = new Collecting("c");
        MetricsRegistry m = new MetricsRegistry();
        Outputs out = Outputs.builder().channel(c).metrics(m).minimumPriority(Priority.WARNING).build();
        assertThat(out.offer(TestAlerts.alert(1, Priority.NOTICE))).isFalse();
        assertThat(out.offer(TestAlerts.alert(1, Priority.WARNING))).isTrue();
        assertThat(out.offer(TestAlerts.alert(1, Priority.CRITICAL))).isTrue();
        assertThat(out.offer(TestAlerts.alert(4, Priority.CRITICAL))).isTrue();
        out.close();
        assertThat(c.lines).hasSize(3);
        assertThat(m.scrape())
                .contains("talon_alerts_total{priority=\"Critical\",rule=\"rule 1\"} 2")
                .contains("talon_alerts_total{priority=\"Warning\",rule=\"rule 1\"} 1")
                .doesNotContain("Notice");
    }

    @Test
    void fromConfigBuildsTheEnabledChannels() throws Exception {
        Path file = dir.resolve("alerts.json");
        Path prog = dir.resolve("prog.txt");
        TalonConfig c = TalonConfig.withOverrides(List.of(
                "stdout_output.enabled=false", "syslog_output.enabled=false",
                "file_output.enabled=true", "file_output.filename=" + file,
                "program_output.enabled=true", "program_output.keep_alive=true", "program_output.program=cat > '" + prog + "'",
                "json_output=true", "json_include_tags_property=false", "priority=error"));
        try (Outputs out = Outputs.fromConfig(c, null)) {
            assertThat(out.stats()).extracting(ChannelStats::channel).containsExactly("file", "program");
            out.offer(TestAlerts.alert(1, Priority.ERROR));
            out.offer(TestAlerts.alert(2, Priority.DEBUG));
        }
        String expected = new AlertFormatter(c.formatOptions()).json(TestAlerts.alert(1, Priority.ERROR));
        assertThat(expected).doesNotContain("\"tags\"");
        assertThat(Files.readAllLines(file)).containsExactly(expected);
        assertThat(Files.readAllLines(prog)).containsExactly(expected);
    }

    private static void awaitHandled(Outputs out, long n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            ChannelStats s = out.stats().get(0);
            if (s.delivered() + s.failed() >= n) {
                return;
            }
            assertThat(System.nanoTime()).as("channel handled %d alerts in time", n).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
