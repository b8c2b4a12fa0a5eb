package dev.talon.outputs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.talon.outputs.config.TalonConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** http_output over TLS against a loopback HTTPS server with certificates made by the JDK's keytool. */
@Timeout(120)
class HttpTlsTest {
    @TempDir
    static Path dir;
    static final char[] PW = "changeit".toCharArray();

    @BeforeAll
    static void certificates() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Assumptions.assumeTrue(Files.isExecutable(keytool), "keytool not found in " + keytool);
        keytool(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", dir.resolve("server.p12").toString(), "-storepass", "changeit");
        keytool(keytool, "-exportcert", "-rfc", "-alias", "server", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve("ca.pem").toString());
        keytool(keytool, "-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=talon-client", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", dir.resolve("client.p12").toString(), "-storepass", "changeit");
        keytool(keytool, "-exportcert", "-rfc", "-alias", "client", "-keystore", dir.resolve("client.p12").toString(),
                "-storepass", "changeit", "-file", dir.resolve("client.pem").toString());
        KeyStore client = load(dir.resolve("client.p12"));
        byte[] pkcs8 = client.getKey("client", PW).getEncoded();
        Files.writeString(dir.resolve("client.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
    }

    private static void keytool(Path keytool, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(keytool.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static KeyStore load(Path p12) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PW);
        }
        return ks;
    }

    private static HttpsServer server(boolean needClientAuth, List<String> bodies) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(dir.resolve("server.p12")), PW);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("client", (X509Certificate) load(dir.resolve("client.p12")).getCertificate("client"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        s.createContext("/", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        s.start();
        return s;
    }

    private static TalonConfig.HttpOutput https(HttpsServer s, boolean insecure, String caCert, boolean mtls) {
        return new TalonConfig.HttpOutput(true, "https://127.0.0.1:" + s.getAddress().getPort() + "/", "talon", insecure,
                caCert, "", "", mtls, dir.resolve("client.pem").toString(), dir.resolve("client.key").toString(),
                false, false, false, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void untrustedServerFailsThenCaCertOrInsecureWork() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpsServer s = server(false, bodies);
        try {
            try (HttpChannel ch = new HttpChannel(https(s, false, "", false), true, System.out)) {
                assertThatThrownBy(() -> ch.write(TestAlerts.alert(1), "{}")).isInstanceOf(IOException.class);
            }
            try (HttpChannel ch = new HttpChannel(https(s, false, dir.resolve("ca.pem").toString(), false), true, System.out)) {
                ch.write(TestAlerts.alert(1), "{\"n\":1}");
            }
            try (HttpChannel ch = new HttpChannel(https(s, true, "", false), true, System.out)) {
                ch.write(TestAlerts.alert(2), "{\"n\":2}");
            }
            assertThat(bodies).containsExactly("{\"n\":1}", "{\"n\":2}");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void mutualTls() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpsServer s = server(true, bodies);
        try {
            try (HttpChannel ch = new HttpChannel(https(s, false, dir.resolve("ca.pem").toString(), false), true, System.out)) {
                assertThatThrownBy(() -> ch.write(TestAlerts.alert(1), "{}")).isInstanceOf(IOException.class);
            }
            try (HttpChannel ch = new HttpChannel(https(s, false, dir.resolve("ca.pem").toString(), true), true, System.out)) {
                ch.write(TestAlerts.alert(1), "{\"mtls\":true}");
            }
            assertThat(bodies).containsExactly("{\"mtls\":true}");
        } finally {
            s.stop(0);
        }
    }

    @Test
    void badTlsMaterialIsAClearError() throws Exception {
        Path rsa = dir.resolve("rsa.key");
        Files.writeString(rsa, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        TalonConfig.HttpOutput c = new TalonConfig.HttpOutput(true, "https://127.0.0.1:1/", "talon", false, "", "", "",
                true, dir.resolve("client.pem").toString(), rsa.toString(), false, false, false,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new HttpChannel(c, true, System.out)).isInstanceOf(IOException.class)
                .hasMessageContaining("not an unencrypted PKCS#8 PEM key");
        TalonConfig.HttpOutput missingCa = new TalonConfig.HttpOutput(true, "https://127.0.0.1:1/", "talon", false,
                dir.resolve("nope.pem").toString(), "", "", false, "", "", false, false, false,
                Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThatThrownBy(() -> new HttpChannel(missingCa, true, System.out)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read CA certificates from " + dir.resolve("nope.pem"));
    }
}
