package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.testcluster.TestKubernetesApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** serve in a pod: no kubeconfig, the service account's token and CA, as kubectl and client-go find them. */
@Timeout(60)
class InClusterConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> pod(String host, int port, Path token, Path ca) {
        return Map.of("KUBERNETES_SERVICE_HOST", host, "KUBERNETES_SERVICE_PORT", String.valueOf(port),
                "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", token.toString(), "KUBERNETES_CERTS_CA_FILE", ca.toString());
    }

    @Test
    void withNoKubeconfigInAPodTheServiceAccountIsTheOneContext() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not read here");
        Kubeconfig in = Kubeconfig.load(pod("10.43.0.1", 443, token, ca), dir.resolve("home"));
        assertEquals(List.of("in-cluster"), in.contexts());
        assertEquals("in-cluster", in.defaultContext());
        assertEquals("https://10.43.0.1:443", in.serverOf("in-cluster"));
        String forHelm = in.contentsFor("in-cluster");
        assertTrue(forHelm.contains("tokenFile: \"" + token.toAbsolutePath() + "\"")
                || forHelm.contains("tokenFile: " + token.toAbsolutePath()), forHelm);
        assertTrue(forHelm.contains(ca.toAbsolutePath().toString()), "Helm reads the CA file itself: " + forHelm);
        assertTrue(!forHelm.contains("sa-token"), "the token stays in its file, which the kubelet rotates");

        Kubeconfig ipv6 = Kubeconfig.load(pod("fd00::1", 6443, token, ca), dir.resolve("home"));
        assertEquals("https://[fd00::1]:6443", ipv6.serverOf("in-cluster"));
    }

    @Test
    void aKubeconfigWinsOverThePodsServiceAccount() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "sa-token");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            Path home = dir.resolve("home");
            Path kube = Files.createDirectories(home.resolve(".kube"));
            Files.move(api.kubeconfigFile(dir.resolve("k")), kube.resolve("config"));
            assertEquals(List.of(TestKubernetesApi.CONTEXT), Kubeconfig.load(pod("10.43.0.1", 443, token, ca), home).contexts());
            Path named = api.kubeconfigFile(dir.resolve("named"));
            Map<String, String> both = new java.util.HashMap<>(pod("10.43.0.1", 443, token, ca));
            both.put("KUBECONFIG", named.toString());
            assertEquals(List.of(TestKubernetesApi.CONTEXT), Kubeconfig.load(both, dir.resolve("empty")).contexts());
            both.put("KUBECONFIG", dir.resolve("missing").toString());
            assertThrows(KubeconfigException.class, () -> Kubeconfig.load(both, dir.resolve("empty")),
                    "a KUBECONFIG that names no file is an error, not a silent switch to the service account");
        }
    }

    @Test
    void aPodWithoutItsTokenOrCaIsToldWhatToMount() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "x");
        KubeconfigException noToken = assertThrows(KubeconfigException.class,
                () -> Kubeconfig.load(pod("10.43.0.1", 443, dir.resolve("nothing"), ca), dir));
        assertTrue(noToken.getMessage().contains("no service-account token to read at " + dir.resolve("nothing")),
                noToken.getMessage());
        assertTrue(noToken.getMessage().contains("automountServiceAccountToken: true"), noToken.getMessage());
        Path token = Files.writeString(dir.resolve("token"), "t");
        KubeconfigException noCa = assertThrows(KubeconfigException.class,
                () -> Kubeconfig.load(pod("10.43.0.1", 443, token, dir.resolve("no-ca")), dir));
        assertTrue(noCa.getMessage().contains("CA certificate is not at " + dir.resolve("no-ca")), noCa.getMessage());
    }

    @Test
    void theClientSendsTheTokenFilesTokenOverTlsAndTheRotatedOneAfterTheKubeletReplacesIt() throws Exception {
        try (TestKubernetesApi api = TestKubernetesApi.withTls(dir.resolve("tls"))) {
            Path token = Files.writeString(dir.resolve("token"), "first-token\n");
            Map<String, String> env = pod("127.0.0.1", api.port(), token, api.caCertificate());
            try (ClusterConnection connection = new ClusterConnection(() -> Kubeconfig.load(env, dir.resolve("home")), null,
                    dir.resolve("work"))) {
                ClusterAccess.ClusterHealth health = connection.check();
                assertTrue(health.reachable(), health.problem());
                assertEquals("in-cluster", health.context());
                assertEquals("first-token", lastToken(api));

                // the kubelet writes the new token to a new file and swaps the link; a new file, a new time
                Path rotated = Files.writeString(dir.resolve("token.new"), "second-token");
                Files.setLastModifiedTime(rotated, FileTime.from(Instant.now().plusSeconds(60)));
                Files.move(rotated, token, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                assertTrue(connection.check().reachable());
                assertEquals("second-token", lastToken(api));
            }
        }
    }

    @Test
    void aKubeconfigUserWithATokenFileIsHonouredByTheClient() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            Path token = Files.writeString(dir.resolve("token"), "from-a-file");
            Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig()
                    .replace("token: " + TestKubernetesApi.TOKEN, "tokenFile: " + token));
            try (ClusterConnection connection = new ClusterConnection(() -> Kubeconfig.fromFiles(List.of(kubeconfig)),
                    null, dir.resolve("work"))) {
                assertTrue(connection.check().reachable());
                assertEquals("from-a-file", lastToken(api));
            }
        }
    }

    private static String lastToken(TestKubernetesApi api) {
        List<TestKubernetesApi.Request> requests = api.requests();
        return requests.get(requests.size() - 1).token();
    }
}
