package dev.storefleet.testcluster;

import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.Kubeconfig;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server (Vert.x, which can upgrade to WebSocket, unlike the JDK server under
 * {@link TestKubernetesApi}) answering with a test's dispatcher, and the console's connection to
 * it through a kubeconfig file, as an operator's would be.
 */
public final class MockApiServer {
    private MockApiServer() {
    }

    /** Started on a free loopback port. */
    public static KubernetesMockServer start(Dispatcher dispatcher) {
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        return api;
    }

    /** A connection to {@code api} through a kubeconfig written under {@code dir} (context "mock"). */
    public static ClusterConnection connect(KubernetesMockServer api, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s"}}]
                users: [{name: mock, user: {token: mock-token}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: default}}]
                current-context: mock
                """.formatted(api.url("/").replaceAll("/$", "")));
        return new ClusterConnection(() -> Kubeconfig.fromFiles(List.of(kubeconfig)), "mock", dir.resolve("work"));
    }
}
