package dev.talon.outputs;

import dev.talon.outputs.config.TalonConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of {@code http_output}, with libcurl's meaning: {@code insecure} skips certificate and
 * host name checks; {@code ca_cert} / {@code ca_bundle} (PEM files) and {@code ca_path} (a directory of
 * PEM files, used when it exists) add trusted CAs to the JDK's own; {@code mtls} presents
 * {@code client_cert} (PEM) with {@code client_key} (unencrypted PKCS#8 PEM).
 */
final class HttpTls {
    private HttpTls() {
    }

    static SSLContext context(TalonConfig.HttpOutput c) throws IOException {
        try {
            TrustManager[] trust = c.insecure() ? new TrustManager[] {new TrustAll()} : trustManagers(c);
            KeyManagerFactory kmf = c.mtls() ? keyManagers(c) : null;
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("http_output TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(TalonConfig.HttpOutput c) throws IOException, GeneralSecurityException {
        List<Certificate> extra = new ArrayList<>();
        for (String f : List.of(c.caCert(), c.caBundle())) {
            if (!f.isBlank()) {
                extra.addAll(readCertificates(Path.of(f)));
            }
        }
        Path dir = c.caPath().isBlank() ? null : Path.of(c.caPath());
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.{pem,crt}")) {
                for (Path f : files) {
                    extra.addAll(readCertificates(f));
                }
            }
        }
        if (extra.isEmpty()) {
            return null; // the JDK's default trust store
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        int i = 0;
        for (TrustManager tm : defaults.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate ca : x.getAcceptedIssuers()) {
                    ks.setCertificateEntry("default-" + i++, ca);
                }
            }
        }
        for (Certificate ca : extra) {
            ks.setCertificateEntry("configured-" + i++, ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static Collection<? extends Certificate> readCertificates(Path f) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(f)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IOException("no certificate in " + f);
            }
            return certs;
        } catch (IOException e) {
            throw new IOException("cannot read CA certificates from " + f + ": " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keyManagers(TalonConfig.HttpOutput c) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> chain = readCertificates(Path.of(c.clientCert()));
        PrivateKey key = readPkcs8(Path.of(c.clientKey()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = new char[0];
        ks.setKeyEntry("client", key, pw, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        return kmf;
    }

    private static PrivateKey readPkcs8(Path f) throws IOException, GeneralSecurityException {
        String pem = Files.readString(f, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int s = pem.indexOf(begin);
        int e = pem.indexOf("-----END PRIVATE KEY-----");
        if (s < 0 || e < s) {
            throw new IOException("client_key " + f + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert it with: openssl pkcs8 -topk8 -nocrypt -in " + f);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(s + begin.length(), e));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        throw new IOException("client_key " + f + ": unsupported key algorithm (expected RSA, EC or Ed25519)");
    }

    /**
     * Accepts any server. Being an X509ExtendedTrustManager matters: JSSE only adds its own host name
     * check around plain X509TrustManagers, so this skips both checks, as curl's --insecure does.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
