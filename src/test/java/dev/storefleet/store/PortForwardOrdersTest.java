package dev.storefleet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.Fabric8StoreNetwork;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.testing.Eventually;
import dev.storefleet.testcluster.MockApiServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The port-forward path for real: the store's public URL does not answer, so {@link StoreApiClient}
 * opens a fabric8 port-forward to the store's web Service ({@link Fabric8StoreNetwork}), and the
 * order travels through it to the WooCommerce stand-in. fabric8's mock server plays the API server:
 * Secret, Service, a Pod behind it, and the pod's {@code portforward} WebSocket
 * ({@code v4.channel.k8s.io}: a channel byte before each frame, the port announced on the data and
 * error channels first), relayed to the stand-in's local port.
 */
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.SECONDS)
class PortForwardOrdersTest {
    private static final String NS = "store-tunnelled";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    /** The mock server logs every request at INFO through java.util.logging; kept referenced so the level holds. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger(
            "io.fabric8.mockwebserver.MockWebServer");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    @Test
    void whenThePublicUrlDoesNotAnswerTheOrderGoesThroughAFabric8PortForward() throws Exception {
        try (WooCommerceStandIn woo = WooCommerceStandIn.http("/shop")) {
            URI publicHome = URI.create("http://127.0.0.1:" + MedusaTestStore.freePort() + "/shop"); // nobody there
            woo.home(publicHome);
            String[] key = woo.addKey("read_write");
            WooCommerceStandIn.Product mug = woo.addProduct("Storefleet Mug", "9.50", 4);
            List<String> forwards = new CopyOnWriteArrayList<>();
            AtomicInteger open = new AtomicInteger();
            ApiDispatcher dispatcher = new ApiDispatcher(Map.of("url", publicHome.toString(), "consumerKey", key[0],
                    "consumerSecret", key[1]), URI.create(woo.address()).getPort(), forwards, open);
            try (MockCluster cluster = new MockCluster(dispatcher)) {
                Store store = cluster.store(publicHome);
                Order placed = cluster.client.placeTestOrder(store, 2);
                assertEquals("19.00", placed.total());
                assertEquals(List.of(placed), cluster.client.listOrders(store, 5));
                assertEquals(2, woo.stockOf(mug.id));
                assertTrue(forwards.size() >= 2, "a port-forward per call: " + forwards);
                assertTrue(forwards.stream().allMatch(f -> f.equals("/api/v1/namespaces/" + NS
                        + "/pods/web-0/portforward?ports=8080")), forwards.toString());
                // the client closed its tunnels; the relays notice
                Eventually.until(open::get, n -> n == 0, Duration.ofSeconds(5));
                assertEquals(0, open.get(), "every tunnel closed after its call");
            }
        }
    }

    /** fabric8 words this by printing the whole Service object; the operator reads what is wrong. */
    @Test
    void aServiceWithNoPodBehindItIsSaidInWords() throws Exception {
        URI publicHome = URI.create("http://127.0.0.1:" + MedusaTestStore.freePort() + "/shop");
        ApiDispatcher dispatcher = new ApiDispatcher(Map.of("url", publicHome.toString(), "consumerKey", "ck_x",
                "consumerSecret", "cs_x"), 1, new CopyOnWriteArrayList<>(), new AtomicInteger());
        dispatcher.podsRunning = false;
        try (MockCluster cluster = new MockCluster(dispatcher)) {
            StoreApiException e = assertThrows(StoreApiException.class,
                    () -> cluster.client.placeTestOrder(cluster.store(publicHome), 1));
            assertEquals(StoreApiException.Step.UNREACHABLE, e.step());
            assertTrue(e.getMessage().contains("no pod is running behind Service tunnelled-wordpress, so the store's"
                    + " workload is down; see its Kubernetes events."), e.getMessage());
            assertFalse(e.getMessage().contains("ServiceSpec("), "no object dump: " + e.getMessage());
        }
    }

    /** fabric8's mock server with the dispatcher, and the real client connected to it. */
    private static final class MockCluster implements AutoCloseable {
        final KubernetesMockServer api;
        final ClusterConnection connection;
        final StoreApiClient client;

        MockCluster(Dispatcher dispatcher) throws IOException {
            api = MockApiServer.start(dispatcher);
            connection = MockApiServer.connect(api, Path.of("target/port-forward-orders-test"));
            client = new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS,
                    Clock.systemUTC());
        }

        Store store(URI publicHome) {
            return new Store(1L, "Tunnelled", "tunnelled", StoreType.WOOCOMMERCE, "tester", null,
                    StoreStatus.READY, NS, NS, 1, publicHome.toString(), null, Instant.now(), Instant.now(), null,
                    null, null, null);
        }

        @Override
        public void close() {
            connection.close();
            api.destroy();
        }
    }

    /** The few API calls a service port-forward makes, and the portforward WebSocket relayed to a local port. */
    private static final class ApiDispatcher extends Dispatcher {
        private final Map<String, String> secret;
        private final int targetPort;
        private final List<String> forwards;
        private final AtomicInteger open;
        volatile boolean podsRunning = true;

        ApiDispatcher(Map<String, String> secret, int targetPort, List<String> forwards, AtomicInteger open) {
            this.secret = secret;
            this.targetPort = targetPort;
            this.forwards = forwards;
            this.open = open;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            String base = "/api/v1/namespaces/" + NS;
            if (path.startsWith(base + "/secrets/" + StoreNetwork.STORE_API_SECRET)) {
                Map<String, String> data = new HashMap<>();
                secret.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
                return json(new SecretBuilder().withNewMetadata().withName(StoreNetwork.STORE_API_SECRET).withNamespace(NS)
                        .endMetadata().withData(data).build());
            }
            var service = new ServiceBuilder().withNewMetadata().withName("tunnelled-wordpress").withNamespace(NS)
                    .addToLabels("app.kubernetes.io/instance", NS).addToLabels("app.kubernetes.io/component", "wordpress")
                    .endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withName("http").withPort(80)
                    .withNewTargetPort(8080).endPort().endSpec().build();
            if (path.startsWith(base + "/services?")) {
                return json(new ServiceListBuilder().addToItems(service).build());
            }
            if (path.startsWith(base + "/services/tunnelled-wordpress")) {
                return json(service);
            }
            if (path.startsWith(base + "/pods?") && !podsRunning) {
                return json(new PodListBuilder().build());
            }
            if (path.startsWith(base + "/pods?")) {
                return json(new PodListBuilder().addToItems(new PodBuilder().withNewMetadata().withName("web-0")
                        .withNamespace(NS).addToLabels("app", "web").endMetadata().withNewStatus().withPhase("Running")
                        .endStatus().build()).build());
            }
            if (path.startsWith(base + "/pods/web-0/portforward")) {
                forwards.add(path);
                return new MockResponse().withWebSocketUpgrade(new Relay(targetPort, open));
            }
            return new MockResponse().setResponseCode(404).setBody("{\"kind\":\"Status\",\"code\":404}");
        }

        private static MockResponse json(Object o) {
            return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                    .setBody(JSON.asJson(o));
        }
    }

    /** One portforward stream: bytes on channel 0 go to the local port, and what comes back goes out on channel 0. */
    private static final class Relay extends WebSocketListener {
        private final int port;
        private final AtomicInteger open;
        private volatile Socket socket;

        Relay(int port, AtomicInteger open) {
            this.port = port;
            this.open = open;
        }

        @Override
        public void onOpen(WebSocket ws, Response response) {
            try {
                socket = new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (IOException e) {
                ws.close(1011, "cannot reach the pod");
                return;
            }
            open.incrementAndGet();
            byte[] announce = {0, (byte) (8080 & 0xff), (byte) (8080 >> 8)};
            ws.send(announce);
            ws.send(new byte[] {1, announce[1], announce[2]});
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[16 * 1024];
                try (InputStream in = socket.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        byte[] frame = new byte[n + 1];
                        System.arraycopy(buf, 0, frame, 1, n);
                        ws.send(frame);
                    }
                } catch (IOException e) {
                    // closed from the client's side
                }
                ws.close(1000, "");
            }, "portforward-relay");
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public void onMessage(WebSocket ws, byte[] bytes) {
            if (bytes.length > 1 && bytes[0] == 0 && socket != null) {
                try {
                    socket.getOutputStream().write(bytes, 1, bytes.length - 1);
                } catch (IOException e) {
                    ws.close(1011, e.getMessage());
                }
            }
        }

        @Override
        public void onClosed(WebSocket ws, int code, String reason) {
            closeSocket();
        }

        @Override
        public void onClosing(WebSocket ws, int code, String reason) {
            closeSocket();
        }

        @Override
        public void onFailure(WebSocket ws, Throwable t, Response response) {
            closeSocket();
        }

        private void closeSocket() {
            Socket s = socket;
            socket = null;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // gone
                }
                open.decrementAndGet();
            }
        }
    }
}
