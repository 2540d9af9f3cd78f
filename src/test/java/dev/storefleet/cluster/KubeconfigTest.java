package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.testcluster.TestKubernetesApi;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class KubeconfigTest {
    @TempDir
    Path dir;

    @Test
    void missingKubeconfigIsATypedErrorInWords() {
        KubeconfigException e = assertThrows(KubeconfigException.class,
                () -> Kubeconfig.load(Map.of(), dir.resolve("home")));
        assertTrue(e.getMessage().startsWith("No kubeconfig found"), e.getMessage());
        assertTrue(e.getMessage().contains("KUBECONFIG"), e.getMessage());
    }

    @Test
    void invalidYamlAndNoContextsAreTypedErrors() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "clusters: [ this is : not yaml");
        KubeconfigException invalid = assertThrows(KubeconfigException.class,
                () -> Kubeconfig.load(Map.of("KUBECONFIG", bad.toString()), dir));
        assertTrue(invalid.getMessage().startsWith("The kubeconfig " + bad + " is not valid YAML"), invalid.getMessage());

        Path empty = Files.writeString(dir.resolve("empty"), "apiVersion: v1\nkind: Config\n");
        KubeconfigException none = assertThrows(KubeconfigException.class,
                () -> Kubeconfig.load(Map.of("KUBECONFIG", empty.toString()), dir));
        assertTrue(none.getMessage().contains("has no contexts"), none.getMessage());
    }

    @Test
    void severalFilesMergeAsKubectlDoesAndContextsSwitch() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            Path first = api.kubeconfigFile(Files.createDirectories(dir.resolve("a")));
            Path second = Files.writeString(dir.resolve("b.yaml"), """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: remote
                      cluster:
                        server: http://127.0.0.1:%d
                    - name: secure
                      cluster:
                        server: https://127.0.0.1:6443
                        certificate-authority: certs/ca.crt
                    contexts:
                    - name: remote
                      context: {cluster: remote, user: remote}
                    - name: secure
                      context: {cluster: secure, user: remote}
                    - name: test
                      context: {cluster: remote, user: remote}
                    users:
                    - name: remote
                      user: {token: t}
                    current-context: remote
                    """.formatted(closedPort()));
            Kubeconfig merged = Kubeconfig.load(Map.of("KUBECONFIG", first + File.pathSeparator + second), dir);
            assertEquals(List.of(TestKubernetesApi.CONTEXT, "remote", "secure"), merged.contexts(),
                    "first file wins for 'test'");
            assertEquals(TestKubernetesApi.CONTEXT, merged.defaultContext());
            assertTrue(merged.contentsFor("secure").contains(dir.resolve("certs/ca.crt").toString()),
                    "relative paths are made absolute against their own file");

            try (ClusterConnection connection = new ClusterConnection(() -> Kubeconfig.load(
                    Map.of("KUBECONFIG", first + File.pathSeparator + second), dir), null, dir.resolve("work"))) {
                ClusterAccess.ClusterHealth healthy = connection.check();
                assertTrue(healthy.reachable(), healthy.problem());
                assertEquals(TestKubernetesApi.CONTEXT, healthy.context());

                connection.switchTo("remote");
                ClusterAccess.ClusterHealth down = connection.check();
                assertFalse(down.reachable());
                assertTrue(down.problem().startsWith("Cannot reach the cluster at http://127.0.0.1:"), down.problem());
                assertTrue(down.problem().contains("(context remote)"), down.problem());

                var missingCa = assertThrows(dev.storefleet.domain.ClusterException.class,
                        () -> connection.switchTo("secure"));
                assertTrue(missingCa.getMessage().contains("certs/ca.crt"), missingCa.getMessage());

                KubeconfigException unknown = assertThrows(KubeconfigException.class, () -> connection.switchTo("nope"));
                assertTrue(unknown.getMessage().contains("no context named 'nope'"), unknown.getMessage());
                assertEquals("remote", connection.currentContext(), "a failed switch keeps the current context");
            }
        }
    }

    @Test
    void noKubeconfigStillStartsWithTheReasonOnEveryClusterCall() {
        ClusterAdapters adapters = ClusterAdapters.connect(Map.of("KUBECONFIG", dir.resolve("missing").toString()),
                dir, null, dir, java.time.Duration.ofSeconds(5), java.time.Duration.ofMillis(100));
        assertFalse(adapters.access().check().reachable());
        assertTrue(adapters.access().check().problem().startsWith("No kubeconfig found"));
        assertThrows(KubeconfigException.class, () -> adapters.access().contexts());
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
