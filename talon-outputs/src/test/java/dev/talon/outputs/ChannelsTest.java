package dev.talon.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.talon.outputs.config.TalonConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ChannelsTest {
    @TempDir
    Path dir;

    private static final Alert A1 = TestAlerts.alert(1);
    private static final Alert A2 = TestAlerts.alert(2);

    @Test
    void stdoutWritesOneLinePerAlert() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (StdoutChannel ch = new StdoutChannel(new PrintStream(bytes, false, StandardCharsets.UTF_8), false)) {
            ch.write(A1, "line one");
            ch.write(A2, "line two é");
            assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("line one\nline two é\n");
        }
    }

    @Test
    void fileReopensPerAlertWithoutKeepAlive() throws IOException {
        Path f = dir.resolve("events.txt");
        try (FileOutputChannel ch = new FileOutputChannel(f, false, false)) {
            ch.write(A1, "one");
            assertThat(Files.readString(f)).isEqualTo("one\n");
            Files.move(f, dir.resolve("events.txt.1")); // log rotation between alerts
            ch.write(A2, "two");
            assertThat(Files.readString(f)).isEqualTo("two\n");
            assertThat(Files.readString(dir.resolve("events.txt.1"))).isEqualTo("one\n");
        }
    }

    @Test
    void fileKeepAliveAppendsAndFlushesBufferedOnIdle() throws IOException {
        Path f = dir.resolve("events.txt");
        Files.writeString(f, "existing\n");
        FileOutputChannel ch = new FileOutputChannel(f, true, true);
        ch.write(A1, "one");
        ch.write(A2, "two");
        ch.flush();
        assertThat(Files.readString(f)).isEqualTo("existing\none\ntwo\n");
        ch.close();
        ch.close(); // idempotent
    }

    @Test
    void fileFailureIsAnIOException() {
        FileOutputChannel ch = new FileOutputChannel(dir.resolve("no/such/dir/events.txt"), false, false);
        assertThatThrownBy(() -> ch.write(A1, "x")).isInstanceOf(IOException.class);
    }

    @Test
    void programPerAlert() throws IOException {
        Path f = dir.resolve("out.txt");
        try (ProgramChannel ch = new ProgramChannel("cat >> '" + f + "'", false, false)) {
            ch.write(A1, "one");
            ch.write(A2, "two");
        }
        assertThat(Files.readString(f)).isEqualTo("one\ntwo\n");
    }

    @Test
    void programKeepAliveUsesOneProcess() throws IOException {
        Path f = dir.resolve("out.txt");
        ProgramChannel ch = new ProgramChannel("echo started >> '" + f + "'; cat >> '" + f + "'", true, false);
        ch.write(A1, "one");
        ch.write(A2, "two");
        ch.close(); // end of input: cat finishes
        assertThat(Files.readString(f)).isEqualTo("started\none\ntwo\n");
    }

    @Test
    void programExitStatusIsAFailure() {
        ProgramChannel ch = new ProgramChannel("cat > /dev/null; exit 3", false, false);
        assertThatThrownBy(() -> ch.write(A1, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("exited with status 3");
    }

    @Test
    void programKeepAliveReportsDeathAndRestarts() throws Exception {
        Path f = dir.resolve("out.txt");
        // the first process exits after one line; the channel notices, reports and starts a new one
        ProgramChannel ch = new ProgramChannel("head -n 1 >> '" + f + "'", true, false);
        ch.write(A1, "one");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(f) || Files.readString(f).isEmpty()) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        Thread.sleep(100); // let head exit
        IOException failure = null;
        for (int i = 0; i < 50 && failure == null; i++) {
            try {
                ch.write(A2, "lost-" + i); // into a dead pipe, or noticed as exited
            } catch (IOException e) {
                failure = e;
            }
            Thread.sleep(20);
        }
        assertThat(failure).isNotNull();
        ch.write(A2, "two");
        ch.close();
        assertThat(Files.readAllLines(f)).containsExactly("one", "two");
    }

    @Test
    void syslogSendsRfc3164DatagramWithSeverity() throws IOException {
        String path = dir.resolve("log").toString();
        Clock clock = Clock.fixed(LocalDateTime.of(2016, 8, 4, 16, 17, 57).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        try (UnixSocket server = UnixSocket.bindDatagram(path);
             SyslogChannel ch = new SyslogChannel(path, "talon", clock)) {
            ch.write(A1, "16:17:57.881781398: Warning alert number 1");
            ch.write(TestAlerts.alert(3, Priority.EMERGENCY), "x\u00e9");
            long pid = ProcessHandle.current().pid();
            assertThat(new String(server.receive(4096, 5000), StandardCharsets.UTF_8))
                    .isEqualTo("<12>Aug  4 16:17:57 talon[" + pid + "]: 16:17:57.881781398: Warning alert number 1");
            assertThat(new String(server.receive(4096, 5000), StandardCharsets.UTF_8))
                    .isEqualTo("<8>Aug  4 16:17:57 talon[" + pid + "]: x\u00e9");
            assertThat(server.receive(4096, 10)).isNull();
        }
    }

    @Test
    void syslogReconnectsAfterDaemonRestart() throws IOException {
        String path = dir.resolve("log").toString();
        try (SyslogChannel ch = new SyslogChannel(path, "talon", Clock.systemUTC())) {
            try (UnixSocket first = UnixSocket.bindDatagram(path)) {
                ch.write(A1, "one");
                assertThat(first.receive(4096, 5000)).isNotNull();
            }
            Files.delete(Path.of(path));
            try (UnixSocket second = UnixSocket.bindDatagram(path)) {
                ch.write(A2, "two");
                assertThat(new String(second.receive(4096, 5000), StandardCharsets.UTF_8)).endsWith(": two");
            }
        }
    }

    @Test
    void syslogWithoutDaemonFails() {
        SyslogChannel ch = new SyslogChannel(dir.resolve("missing").toString(), "talon", Clock.systemUTC());
        assertThatThrownBy(() -> ch.write(A1, "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to syslog socket").hasMessageContaining("No such file");
    }

    @Test
    void syslogFallsBackToStreamSocket() throws Exception {
        Path path = dir.resolve("log");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SyslogChannel ch = new SyslogChannel(path.toString(), "talon", Clock.systemUTC())) {
                ch.write(A1, "streamed");
                try (SocketChannel conn = server.accept()) {
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    while (buf.position() == 0 || buf.get(buf.position() - 1) != 0) {
                        assertThat(conn.read(buf)).isNotNegative();
                    }
                    String msg = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                    assertThat(msg).startsWith("<12>").endsWith(": streamed\0");
                }
            }
        }
    }

    /** A webhook on loopback recording what it receives. */
    record Received(String method, String contentType, String userAgent, String encoding, byte[] body) {
    }

    private static HttpServer webhook(List<Received> got, int status, String reply) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            got.add(new Received(ex.getRequestMethod(), ex.getRequestHeaders().getFirst("Content-Type"),
                    ex.getRequestHeaders().getFirst("User-Agent"), ex.getRequestHeaders().getFirst("Content-Encoding"), body));
            byte[] r = reply.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, r.length == 0 ? -1 : r.length);
            if (r.length > 0) {
                ex.getResponseBody().write(r);
            }
            ex.close();
        });
        s.start();
        return s;
    }

    static TalonConfig.HttpOutput http(String url, boolean compress, boolean keepAlive, boolean echo) {
        return new TalonConfig.HttpOutput(true, url, "talon-test", false, "", "", "", false, "", "", compress,
                keepAlive, echo, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void httpPostsJson() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer s = webhook(got, 200, "");
        try (HttpChannel ch = new HttpChannel(http("http://127.0.0.1:" + s.getAddress().getPort() + "/hook", false, true, false), true, System.out)) {
            String json = new AlertFormatter(FormatOptions.defaults().withJsonOutput(true)).format(A1);
            ch.write(A1, json);
            ch.write(A2, json);
            assertThat(got).hasSize(2);
            Received r = got.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.userAgent()).isEqualTo("talon-test");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(json);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void httpTextGzipAndEcho() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer s = webhook(got, 201, "{\"ok\":true}");
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        try (HttpChannel ch = new HttpChannel(http("http://127.0.0.1:" + s.getAddress().getPort() + "/", true, false, true), false,
                new PrintStream(echoed, true, StandardCharsets.UTF_8))) {
            ch.write(A1, "text line");
            Received r = got.get(0);
            assertThat(r.contentType()).isEqualTo("text/plain");
            assertThat(r.encoding()).isEqualTo("gzip");
            try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("text line");
            }
            assertThat(echoed.toString(StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}" + System.lineSeparator());
        } finally {
            s.stop(0);
        }
    }

    @Test
    void httpNon2xxIsAFailure() throws Exception {
        List<Received> got = new CopyOnWriteArrayList<>();
        HttpServer s = webhook(got, 500, "boom");
        String url = "http://127.0.0.1:" + s.getAddress().getPort() + "/";
        try (HttpChannel ch = new HttpChannel(http(url, false, true, false), true, System.out)) {
            assertThatThrownBy(() -> ch.write(A1, "{}")).isInstanceOf(IOException.class).hasMessage("HTTP 500 from " + url);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void httpConnectionRefusedIsAFailure() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (HttpChannel ch = new HttpChannel(http("http://127.0.0.1:" + port + "/", false, false, false), true, System.out)) {
            assertThatThrownBy(() -> ch.write(A1, "{}")).isInstanceOf(IOException.class).hasMessageContaining("POST to");
        }
    }
}
