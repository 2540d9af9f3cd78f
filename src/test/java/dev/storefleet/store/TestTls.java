package dev.storefleet.store;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 made at test time with the JDK's own {@code keytool}:
 * the server's SSLContext, a client SSLContext that trusts only it, and its PEM file (for Node's
 * {@code NODE_EXTRA_CA_CERTS}).
 */
final class TestTls {
    private static final char[] PASSWORD = "storefleet-test".toCharArray();

    final SSLContext server;
    final SSLContext client;
    final Path pem;

    private TestTls(SSLContext server, SSLContext client, Path pem) {
        this.server = server;
        this.client = client;
        this.pem = pem;
    }

    static TestTls selfSigned(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve("store.p12");
        Path pem = dir.resolve("store.pem");
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(pem);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        String pass = new String(PASSWORD);
        NodeTestProject.run(List.of(keytool, "-genkeypair", "-alias", "store", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass),
                Duration.ofSeconds(60), null);
        NodeTestProject.run(List.of(keytool, "-exportcert", "-rfc", "-alias", "store", "-keystore",
                keystore.toString(), "-storepass", pass, "-file", pem.toString()), Duration.ofSeconds(60), null);

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("store", keys.getCertificate("store"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return new TestTls(server, client, pem);
    }
}
