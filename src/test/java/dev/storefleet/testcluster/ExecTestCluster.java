package dev.storefleet.testcluster;

import dev.storefleet.cluster.ClusterConnection;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An API server for exec: fabric8's mock server answering the pod list of one release with pods
 * labelled as the charts label them ({@code app.kubernetes.io/instance}, {@code
 * app.kubernetes.io/component}), filtered by the request's label selector, and each pod's
 * {@code exec} WebSocket with an {@link ExecRelay} to a local process. The project's
 * {@link TestKubernetesApi} stands on the JDK's HttpServer, which cannot upgrade a connection to a
 * WebSocket, hence this one.
 */
public final class ExecTestCluster implements AutoCloseable {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger(
            "io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final String namespace;
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final List<ExecRelay> relays = new CopyOnWriteArrayList<>();
    private final List<String> execPaths = new CopyOnWriteArrayList<>();
    private final Function<List<String>, List<String>> toLocal;
    private final KubernetesMockServer api;
    private final ClusterConnection connection;
    private volatile int inputQueue = Integer.MAX_VALUE;
    private volatile boolean noUpgrade;

    /** @param toLocal maps the argv the client asks for to the local one that stands in for it */
    public ExecTestCluster(String namespace, Function<List<String>, List<String>> toLocal, Path dir)
            throws IOException {
        this.namespace = namespace;
        this.toLocal = toLocal;
        api = MockApiServer.start(new ExecDispatcher());
        connection = MockApiServer.connect(api, dir);
    }

    /** Adds a pod of {@code release} with that component label, in {@code phase}. */
    public ExecTestCluster pod(String name, String release, String component, String phase) {
        pods.add(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/instance", release).addToLabels("app.kubernetes.io/component", component)
                .endMetadata().withNewSpec().addNewContainer().withName(component).withImage("stand-in").endContainer()
                .endSpec().withNewStatus().withPhase(phase).endStatus().build());
        return this;
    }

    /**
     * Input messages that wait for a command before the server stops reading the socket (unbounded
     * by default); see {@link ExecRelay} for which commands suit a bound.
     */
    public ExecTestCluster inputQueue(int messages) {
        inputQueue = messages;
        return this;
    }

    /** Answers exec requests with a plain HTTP 200, as a proxy that does not pass WebSocket upgrades does. */
    public ExecTestCluster withoutUpgrades() {
        noUpgrade = true;
        return this;
    }

    public ClusterConnection connection() {
        return connection;
    }

    /** Every exec stream opened, in order. */
    public List<ExecRelay> relays() {
        return relays;
    }

    /** The path and query of every exec request. */
    public List<String> execPaths() {
        return execPaths;
    }

    @Override
    public void close() {
        connection.close();
        api.destroy();
    }

    private final class ExecDispatcher extends Dispatcher {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            String base = "/api/v1/namespaces/" + namespace + "/pods";
            if (path.startsWith(base + "?") || path.equals(base)) {
                List<String> selector = ExecRelay.queryValues(path, "labelSelector");
                return json(new PodListBuilder().withItems(pods.stream()
                        .filter(p -> selector.isEmpty() || matches(p, selector.get(0))).toList()).build());
            }
            for (Pod pod : pods) {
                if (path.startsWith(base + "/" + pod.getMetadata().getName() + "/exec?")) {
                    execPaths.add(path);
                    if (noUpgrade) {
                        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/html")
                                .setBody("<html>proxy</html>");
                    }
                    ExecRelay relay = new ExecRelay(toLocal, inputQueue);
                    relays.add(relay);
                    return new MockResponse().withWebSocketUpgrade(relay);
                }
            }
            return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                    .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,"
                            + "\"reason\":\"NotFound\",\"message\":\"not found: " + path + "\"}");
        }

        private static boolean matches(Pod pod, String selector) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            for (String term : selector.split(",")) {
                String[] kv = term.split("=", 2);
                if (kv.length != 2 || !kv[1].equals(labels.get(kv[0]))) {
                    return false;
                }
            }
            return true;
        }

        private static MockResponse json(Object o) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(JSON.asJson(o));
        }
    }
}
