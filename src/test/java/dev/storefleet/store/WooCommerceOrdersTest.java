package dev.storefleet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.Fabric8StoreNetwork;
import dev.storefleet.cluster.RealClusterAdapters;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.testcluster.TestKubernetesApi;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The console's real store client ({@link StoreApiClient} with {@link WooCommerceClient}) against the
 * WooCommerce stand-in, with the credentials read through fabric8 from the Secret
 * {@code storefleet-store-api} in a test Kubernetes API, written with the keys the chart's setup Job
 * writes ({@code url}, {@code consumerKey}, {@code consumerSecret}). Every failure ends in words, in
 * bounded time.
 */
@Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WooCommerceOrdersTest {
    private static final String NAMESPACE = "store-woo-orders";
    private static final String STORE_NAME = "Woo order test";
    /** Short enough that a timeout test takes about a second. */
    private static final StoreApiTimeouts SHORT = new StoreApiTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
            Duration.ofSeconds(1));

    private static TestKubernetesApi kubernetes;
    private static ClusterConnection connection;
    private static WooCommerceStandIn woo;
    private static WooCommerceStandIn.Product shirt;
    private static String[] key;
    private static StoreApiClient client;

    @BeforeAll
    static void start() throws Exception {
        Path work = Files.createDirectories(Path.of("target/woocommerce-orders-test"));
        kubernetes = new TestKubernetesApi();
        woo = WooCommerceStandIn.http("/shop"); // a WordPress under a path: signatures cover it
        key = woo.addKey("read_write");
        shirt = woo.addProduct("Storefleet T-Shirt", "19.00", 10);
        writeSecret(NAMESPACE, Map.of("url", woo.home().toString(), "consumerKey", key[0], "consumerSecret", key[1]));
        connection = RealClusterAdapters.connect(kubernetes, work.resolve("conn"));
        client = new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS, Clock.systemUTC());
    }

    @AfterEach
    void clearFaults() {
        woo.faults().reset();
    }

    @AfterAll
    static void stop() {
        if (woo != null) {
            woo.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void placesOrdersOfOneAndThreePiecesTheStockGoesDownAndTheyListNewestFirst() {
        woo.setStock(shirt.id, 10);
        Order one = client.placeTestOrder(store(), 1);
        assertEquals(9, woo.stockOf(shirt.id));
        Order three = client.placeTestOrder(store(), 3);
        assertEquals(6, woo.stockOf(shirt.id));

        assertEquals("#" + one.id(), one.number());
        assertEquals("19.00", one.total());
        assertEquals("57.00", three.total());
        assertEquals("USD", three.currency());
        assertEquals("processing", three.status());
        assertTrue(three.createdAt().isAfter(Instant.now().minus(Duration.ofMinutes(1))), three.toString());

        List<Order> listed = client.listOrders(store(), 10);
        assertEquals(List.of(three.id(), one.id()), listed.stream().map(Order::id).toList(),
                "newest first, also within one second: " + listed);
        assertEquals(three, client.getOrder(store(), three.id()));
        assertEquals(one, client.getOrder(store(), one.id()));
        // plain HTTP: OAuth 1.0a in the query string, never the secret itself
        assertTrue(woo.received().stream().filter(r -> r.path().contains("/wc/v3/"))
                .allMatch(r -> r.query().contains("oauth_signature=") && !r.query().contains(key[1])));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void anUnknownOrderIsNotFoundInWords() {
        StoreApiException e = assertThrows(StoreApiException.class, () -> client.getOrder(store(), "999999"));
        assertEquals(Step.NOT_FOUND, e.step(), e.getMessage());
        assertWords(e, "reading order 999999", "HTTP 404", "Invalid ID.");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void aWrongConsumerSecretIsRefusedInWooCommercesWordsWithoutTheSecret() {
        Map<String, String> good = secret(NAMESPACE);
        try {
            writeSecret(NAMESPACE, Map.of("consumerSecret", "cs_not-the-secret"));
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
            assertEquals(Step.AUTH, e.step(), e.getMessage());
            assertWords(e, "looking for a product in stock", "HTTP 401",
                    "Invalid signature - provided signature does not match.", "storefleet-store-api");
            assertFalse(e.getMessage().contains("cs_not-the-secret"), "no secret in messages");
        } finally {
            writeSecret(NAMESPACE, good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void outOfStockMeansNoProductToOrder() {
        try {
            woo.setStock(shirt.id, 0);
            StoreApiException none = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
            assertEquals(Step.NO_PRODUCT, none.step(), none.getMessage());
            assertWords(none, "looking for a product in stock", "no published product is in stock");

            woo.setStock(shirt.id, 2); // in stock, but not three pieces
            StoreApiException few = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 3));
            assertEquals(Step.NO_PRODUCT, few.step(), few.getMessage());
            assertWords(few, "3 pieces in stock");
            assertEquals(2, woo.stockOf(shirt.id), "nothing ordered");
        } finally {
            woo.setStock(shirt.id, 10);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void aServerErrorMidCheckoutSaysWhichStepFailed() {
        int ordersBefore = woo.orderCount();
        woo.faults().failNext("POST", "/wc/v3/orders$", 500, 1);
        StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
        assertEquals(Step.SERVER_ERROR, e.step(), e.getMessage());
        assertWords(e, "creating an order", "HTTP 500", "There has been a critical error on this website.",
                "Look at the store's logs");
        assertEquals(ordersBefore, woo.orderCount());
        List<String> steps = woo.received().stream().map(r -> r.method() + " " + r.path()).toList();
        assertTrue(steps.get(steps.size() - 1).equals("POST /shop/wp-json/wc/v3/orders")
                && steps.get(steps.size() - 2).equals("GET /shop/wp-json/wc/v3/products"), steps.toString());
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void aConnectionDroppedWhileCreatingTheOrderSaysTheOrderMayExist() {
        woo.faults().dropConnection("POST", "/wc/v3/orders$", 1);
        StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
        assertEquals(Step.UNREACHABLE, e.step(), e.getMessage());
        assertWords(e, "creating an order", "the connection to " + woo.address() + " failed",
                "The order may have been placed all the same");
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void aStoreSlowerThanTheTimeoutEndsInWordsWithinBoundedTime() {
        StoreApiClient impatient = new StoreApiClient(new Fabric8StoreNetwork(connection), SHORT, Clock.systemUTC());
        woo.faults().latency("POST", "/wc/v3/orders$", Duration.ofSeconds(4));
        long t0 = System.nanoTime();
        StoreApiException e = assertThrows(StoreApiException.class, () -> impatient.placeTestOrder(store(), 1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(Step.TIMEOUT, e.step(), e.getMessage());
        assertWords(e, "creating an order", "did not answer within 1 s", "The order may have been placed");
        assertTrue(ms < 3000, "returned after " + ms + " ms, not after the store's 4 s");
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void anUnreachableStoreWithoutAPortForwardEndsInWords() {
        String closed = "http://127.0.0.1:" + MedusaTestStore.freePort() + "/shop";
        Map<String, String> good = secret(NAMESPACE);
        try {
            writeSecret(NAMESPACE, Map.of("url", closed));
            long t0 = System.nanoTime();
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
            assertEquals(Step.UNREACHABLE, e.step(), e.getMessage());
            assertWords(e, "is not reachable at " + closed.replace("/shop", "") + " (connection refused",
                    "a port-forward to its Service failed");
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000);
        } finally {
            writeSecret(NAMESPACE, good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void overHttpsTheClientUsesBasicAuthAndAWrongSecretIsRefusedInWords() throws Exception {
        TestTls tls = TestTls.selfSigned(Path.of("target/woocommerce-orders-test/tls"));
        String namespace = "store-woo-https";
        try (WooCommerceStandIn https = WooCommerceStandIn.https(tls.server, "")) {
            String[] httpsKey = https.addKey("read_write");
            WooCommerceStandIn.Product cap = https.addProduct("Storefleet Cap", "12.50", null);
            writeSecret(namespace, Map.of("url", https.home().toString(), "consumerKey", httpsKey[0],
                    "consumerSecret", httpsKey[1]));
            StoreApiClient trusting = new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS,
                    tls.client, Clock.systemUTC());
            Store store = store(namespace);

            Order placed = trusting.placeTestOrder(store, 2);
            assertEquals("25.00", placed.total());
            assertEquals(List.of(placed), trusting.listOrders(store, 5));
            assertTrue(https.received().stream().filter(r -> r.path().contains("/wc/v3/"))
                    .allMatch(r -> r.authorizationScheme().equals("Basic") && !r.query().contains("oauth_")),
                    https.received().toString());
            assertEquals(null, https.stockOf(cap.id), "unmanaged stock stays unmanaged");

            writeSecret(namespace, Map.of("consumerSecret", "cs_wrong"));
            StoreApiException e = assertThrows(StoreApiException.class, () -> trusting.listOrders(store, 5));
            assertEquals(Step.AUTH, e.step(), e.getMessage());
            assertWords(e, "listing orders", "Consumer secret is invalid.");

            // the JDK's default trust does not know the self-signed certificate: words, not a stack trace
            StoreApiClient untrusting = new StoreApiClient(new Fabric8StoreNetwork(connection), SHORT,
                    Clock.systemUTC());
            StoreApiException tlsFailure = assertThrows(StoreApiException.class, () -> untrusting.listOrders(store, 5));
            assertEquals(Step.UNREACHABLE, tlsFailure.step(), tlsFailure.getMessage());
            assertWords(tlsFailure, "is not reachable at " + https.address() + " (TLS failed:");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(10)
    void theProbeIsSmallNeverTheSiteIndexAndItsAnswerIsRememberedForAShortTime() throws Exception {
        SettableClock clock = new SettableClock(Instant.now());
        StoreApiClient remembering = new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS,
                clock);
        int mark = woo.received().size();
        Order placed = remembering.placeTestOrder(store(), 1);
        remembering.listOrders(store(), 5);
        remembering.getOrder(store(), placed.id());

        List<WooCommerceStandIn.Received> seen = since(mark);
        assertTrue(seen.stream().noneMatch(r -> r.path().matches(".*/wp-json/?")), "the site index: " + seen);
        List<WooCommerceStandIn.Received> probes = probes(seen);
        assertEquals(1, probes.size(), "one probe for three calls within " + Reachability.REMEMBERED + ": " + seen);
        assertEquals(probes.get(0), seen.get(0), "the probe comes first");
        assertEquals(200, probes.get(0).status());
        assertTrue(probes.get(0).responseBytes() < 100, "the probe's answer: " + probes.get(0).responseBytes() + " bytes");
        // what the probe avoids: the stand-in's index is as large as a real store's
        HttpResponse<byte[]> index = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                java.net.URI.create(woo.home() + "/wp-json/")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertTrue(index.body().length > 1_000_000, index.body().length + " bytes");

        clock.advance(Reachability.REMEMBERED.plusSeconds(1));
        remembering.listOrders(store(), 5);
        assertEquals(2, probes(since(mark)).size(), "probed again once it was forgotten");

        // a call that could not reach the store forgets what was remembered: the next call looks again
        woo.faults().dropConnection("POST", "/wc/v3/orders$", 1);
        StoreApiException dropped = assertThrows(StoreApiException.class, () -> remembering.placeTestOrder(store(), 1));
        assertEquals(Step.UNREACHABLE, dropped.step(), dropped.getMessage());
        remembering.listOrders(store(), 5);
        assertEquals(3, probes(since(mark)).size(), since(mark).toString());
    }

    @Test
    @org.junit.jupiter.api.Order(11)
    void anotherSiteAnsweringAtThePublicUrlIsNotTakenForTheStore() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        other.createContext("/", ex -> { // a default web server page at every path
            byte[] page = "<html><body>Welcome to nginx!</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            try (var out = ex.getResponseBody()) {
                out.write(page);
            }
        });
        other.start();
        String url = "http://127.0.0.1:" + other.getAddress().getPort();
        Map<String, String> good = secret(NAMESPACE);
        try {
            writeSecret(NAMESPACE, Map.of("url", url + "/shop"));
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(), 1));
            assertEquals(Step.UNREACHABLE, e.step(), e.getMessage());
            assertWords(e, "is not reachable at " + url + " (HTTP 200, but not WooCommerce's answer)",
                    "a port-forward to its Service failed");
        } finally {
            writeSecret(NAMESPACE, good);
            other.stop(0);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(12)
    void everyTestOrderTakesTheSameProductWhateverOrderTheStoreListsThemIn() {
        String namespace = "store-woo-same-second";
        // The chart's samples are created in one second; this store lists such products in a different
        // order on every call, as a real one may.
        try (WooCommerceStandIn store = new WooCommerceStandIn(null, "", Clock.fixed(Instant.now(),
                java.time.ZoneOffset.UTC))) {
            String[] storeKey = store.addKey("read_write");
            List<WooCommerceStandIn.Product> samples = List.of(store.addProduct("Storefleet T-Shirt", "19.00", 10),
                    store.addProduct("Storefleet Mug", "9.50", 10), store.addProduct("Sticker Pack", "4.00", 10));
            writeSecret(namespace, Map.of("url", store.home().toString(), "consumerKey", storeKey[0], "consumerSecret",
                    storeKey[1]));
            for (int i = 0; i < 3; i++) {
                assertEquals("19.00", client.placeTestOrder(store(namespace), 1).total());
            }
            assertEquals(List.of(7, 10, 10), samples.stream().map(p -> store.stockOf(p.id)).toList(),
                    "every order took the product with the lowest id");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static List<WooCommerceStandIn.Received> since(int mark) {
        List<WooCommerceStandIn.Received> all = woo.received();
        return all.subList(mark, all.size());
    }

    /** The reachability probes among {@code seen}: the one-product listing cut to ids. */
    private static List<WooCommerceStandIn.Received> probes(List<WooCommerceStandIn.Received> seen) {
        return seen.stream().filter(r -> r.method().equals("GET") && r.path().endsWith("/wc/v3/products")
                && r.query().contains("_fields=id")).toList();
    }


    private static void assertWords(StoreApiException e, String... fragments) {
        assertTrue(e.getMessage().contains("'" + STORE_NAME + "'"), "names the store: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    private static Store store() {
        return store(NAMESPACE);
    }

    private static Store store(String namespace) {
        return new Store(1L, STORE_NAME, "woo-orders", StoreType.WOOCOMMERCE, "tester", null, StoreStatus.READY,
                namespace, namespace, 1, null, null, Instant.now(), Instant.now(), null, null, null, null);
    }

    private static Map<String, String> secret(String namespace) {
        return StoreApiSecrets.read(kubernetes, namespace);
    }

    private static void writeSecret(String namespace, Map<String, String> changes) {
        StoreApiSecrets.write(kubernetes, namespace, changes);
    }
}
