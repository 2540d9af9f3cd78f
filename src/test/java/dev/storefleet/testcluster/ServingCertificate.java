package dev.storefleet.testcluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The test API server's TLS certificate: self-signed for 127.0.0.1, made at start with the JDK's
 * {@code keytool} (an EC P-256 key, as k3s uses), its PEM written as {@code ca.crt} the way
 * Kubernetes mounts a pod's cluster CA. Clients trust that file alone: fabric8 through
 * {@code certificate-authority}, the embedded Helm (Go) the same.
 */
final class ServingCertificate {
    private static final String PASSWORD = "storefleet-testcluster";

    final SSLContext serverContext;
    final Path caFile;

    private ServingCertificate(SSLContext serverContext, Path caFile) {
        this.serverContext = serverContext;
        this.caFile = caFile;
    }

    static ServingCertificate selfSigned(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("apiserver.p12");
            Path ca = dir.resolve("ca.crt");
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(ca);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            keytool(List.of(keytool, "-genkeypair", "-alias", "apiserver", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=kube-apiserver", "-ext", "SAN=ip:127.0.0.1,dns:localhost,dns:kubernetes.default.svc",
                    "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                    "-storepass", PASSWORD, "-keypass", PASSWORD));
            keytool(List.of(keytool, "-exportcert", "-rfc", "-alias", "apiserver", "-keystore", keystore.toString(),
                    "-storepass", PASSWORD, "-file", ca.toString()));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return new ServingCertificate(context, ca);
        } catch (IOException e) {
            throw new UncheckedIOException("making the test API server's certificate in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("making the test API server's certificate in " + dir, e);
        }
    }

    private static void keytool(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
