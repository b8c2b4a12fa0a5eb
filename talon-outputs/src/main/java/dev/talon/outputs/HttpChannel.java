package dev.talon.outputs;

import dev.talon.outputs.config.TalonConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * {@code http_output}: POSTs each alert to a webhook. The body is the JSON object when
 * {@code json_output} is on (what falcosidekick expects, {@code Content-Type: application/json}),
 * else the text line ({@code text/plain}). Any non-2xx answer is a failure. With {@code keep_alive}
 * one client (and its pooled connections) serves every alert; without it, each alert gets a fresh
 * client whose connection is closed afterwards, like Falco's per-alert curl handle.
 */
final class HttpChannel implements OutputChannel {
    private final TalonConfig.HttpOutput config;
    private final URI uri;
    private final String contentType;
    private final SSLContext ssl;
    private final PrintStream echo;
    private HttpClient shared;
    private volatile HttpClient current;

    HttpChannel(TalonConfig.HttpOutput config, boolean json, PrintStream echo) throws IOException {
        this.config = config;
        this.uri = URI.create(config.url());
        this.contentType = json ? "application/json" : "text/plain";
        this.ssl = uri.getScheme().equalsIgnoreCase("https") ? HttpTls.context(config) : null;
        this.echo = echo;
    }

    @Override
    public String name() {
        return "http";
    }

    private HttpClient newClient() {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    @Override
    public void write(Alert alert, String formatted) throws IOException {
        byte[] body = formatted.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Content-Type", contentType)
                .header("User-Agent", config.userAgent());
        if (config.compressUploads()) {
            body = gzip(body);
            req.header("Content-Encoding", "gzip");
        }
        req.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        HttpClient client;
        if (config.keepAlive()) {
            if (shared == null) {
                shared = newClient();
            }
            client = shared;
        } else {
            client = newClient();
        }
        current = client;
        try {
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException("HTTP " + r.statusCode() + " from " + uri);
            }
            if (config.echo()) {
                echo.println(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + uri, e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("HTTP ")) {
                throw e;
            }
            throw new IOException("POST to " + uri + " failed: " + e, e);
        } finally {
            if (!config.keepAlive()) {
                client.close();
            }
            current = null;
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 32);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        // may come from another thread at a drain deadline: abort the request in flight
        HttpClient c = current;
        if (c != null) {
            c.shutdownNow();
        }
        if (shared != null) {
            shared.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "http " + uri;
    }
}
