package dev.talon.outputs.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class MetricsTest {

    @Test
    void prometheusTextFormat() {
        MetricsRegistry r = new MetricsRegistry();
        r.events().add(1000);
        r.drops().increment();
        r.counter("talon_outputs_drops_total", "Dropped, by channel", "channel", "http").add(3);
        r.counter("talon_outputs_drops_total", "Dropped, by channel", "channel", "file");
        r.alerts("Write below etc \"x\"\\", "Error").increment();
        AtomicLong q = new AtomicLong(7);
        r.gauge("talon_outputs_queue_size", "Queued", q::get, "channel", "http");
        assertThat(r.scrape()).isEqualTo("""
                # HELP talon_alerts_total Alerts raised, by rule and priority
                # TYPE talon_alerts_total counter
                talon_alerts_total{priority="Error",rule="Write below etc \\"x\\"\\\\"} 1
                # HELP talon_drops_total Events lost by the event source (e.g. kernel ring buffer full)
                # TYPE talon_drops_total counter
                talon_drops_total 1
                # HELP talon_events_total Events read from the event source
                # TYPE talon_events_total counter
                talon_events_total 1000
                # HELP talon_outputs_drops_total Dropped, by channel
                # TYPE talon_outputs_drops_total counter
                talon_outputs_drops_total{channel="file"} 0
                talon_outputs_drops_total{channel="http"} 3
                # HELP talon_outputs_queue_size Queued
                # TYPE talon_outputs_queue_size gauge
                talon_outputs_queue_size{channel="http"} 7
                """);
    }

    @Test
    void sameNameAndLabelsIsTheSameCounter() {
        MetricsRegistry r = new MetricsRegistry();
        Counter a = r.counter("x_total", "h", "a", "1", "b", "2");
        Counter b = r.counter("x_total", "h", "b", "2", "a", "1");
        assertThat(a).isSameAs(b);
    }

    @Test
    void rejectsBadNames() {
        MetricsRegistry r = new MetricsRegistry();
        assertThatThrownBy(() -> r.counter("bad name", "h")).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> r.counter("ok", "h", "0bad", "v")).hasMessageContaining("invalid label name");
        assertThatThrownBy(() -> r.counter("ok", "h", "odd")).hasMessageContaining("pairs");
        r.gauge("g", "h", () -> 1);
        assertThatThrownBy(() -> r.counter("g", "h")).hasMessageContaining("already registered as a gauge");
        assertThatThrownBy(() -> r.counter("c", "h").add(-1)).hasMessageContaining("only goes up");
    }

    @Test
    void endpointServesTheRegistry() throws Exception {
        MetricsRegistry r = new MetricsRegistry();
        r.events().add(42);
        try (MetricsServer server = MetricsServer.start(r, "127.0.0.1", 0);
             HttpClient client = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> resp = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).isEqualTo(200);
            assertThat(resp.headers().firstValue("Content-Type")).hasValue(MetricsServer.CONTENT_TYPE);
            assertThat(resp.body()).contains("talon_events_total 42\n");
            r.events().increment();
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("talon_events_total 43\n");
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/other")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
            assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(405);
        }
    }

    @Test
    void portInUseIsAClearError() throws Exception {
        MetricsRegistry r = new MetricsRegistry();
        try (MetricsServer first = MetricsServer.start(r, "127.0.0.1", 0)) {
            assertThatThrownBy(() -> MetricsServer.start(r, "127.0.0.1", first.port()))
                    .hasMessageStartingWith("cannot listen for metrics on 127.0.0.1:" + first.port());
        }
    }
}
