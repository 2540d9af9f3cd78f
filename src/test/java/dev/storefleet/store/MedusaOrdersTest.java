package dev.storefleet.store;

import dev.storefleet.cluster.RealClusterAdapters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.Fabric8StoreNetwork;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The console's Medusa client against a real Medusa v2 (2.21.2) on PostgreSQL, installed, migrated
 * and started by the chart's own commands and prepared by the chart's setup Job container, which
 * writes the store API Secret into a test Kubernetes API; the client reads it from there through
 * fabric8, as it would on a cluster.
 */
@Tag("medusa")
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MedusaOrdersTest {
    private static final String NAMESPACE = "store-medusa-orders";

    private static MedusaTestStore medusa;
    private static TestKubernetesApi kubernetes;
    private static ClusterConnection connection;
    private static StoreApiClient client;
    private static Store store;
    private static FaultInjectingProxy proxy;

    @BeforeAll
    static void startMedusa() throws Exception {
        long t0 = System.nanoTime();
        Path work = Files.createDirectories(Path.of("target/medusa-orders-test"));
        medusa = new MedusaTestStore(NAMESPACE);
        medusa.startMedusa();
        kubernetes = new TestKubernetesApi();
        kubernetes.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .endMetadata().build()).create();
        medusa.runChartSetup(java.net.URI.create(kubernetes.url()), NAMESPACE, medusa.url().toString(), work);
        connection = RealClusterAdapters.connect(kubernetes, work.resolve("conn"));
        client = new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS, Clock.systemUTC());
        store = store(medusa.url().toString());
        proxy = new FaultInjectingProxy(medusa.url(), (status, method, path) -> "{\"code\":\"unknown_error\","
                + "\"type\":\"unknown_error\",\"message\":\"An unknown error occurred.\"}");
        System.out.printf("Medusa test store ready in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                medusa.timings);
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (connection != null) {
            connection.close();
        }
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (medusa != null) {
            medusa.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void placesAnOrderAsAShopperAndFindsItThroughTheAdminApi() {
        long t0 = System.nanoTime();
        Order placed = client.placeTestOrder(store, 1);
        long placeMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(placed.id().startsWith("order_"), placed.toString());
        assertTrue(placed.number().startsWith("#"), placed.toString());
        assertEquals("USD", placed.currency());
        assertTrue(Double.parseDouble(placed.total()) > 0, placed.toString());
        assertTrue(placed.createdAt().isAfter(Instant.now().minus(Duration.ofMinutes(5))));

        List<Order> listed = client.listOrders(store, 10);
        assertEquals(placed.id(), listed.get(0).id(), "newest first: " + listed);
        assertEquals(placed, client.getOrder(store, placed.id()));
        System.out.printf("Medusa: order placed in %d ms%n", placeMs);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void anUnknownOrderIsNotFound() {
        StoreApiException e = assertThrows(StoreApiException.class, () -> client.getOrder(store, "order_nope"));
        assertEquals(Step.NOT_FOUND, e.step(), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void wrongAdminPasswordIsAnAuthFailureInWords() {
        Map<String, String> good = secret();
        try {
            writeSecret(Map.of("adminPassword", "not-the-password"));
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.listOrders(store, 5));
            assertEquals(Step.AUTH, e.step(), e.getMessage());
            assertTrue(e.getMessage().contains("logging in to the admin API"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"), "no password in messages");
        } finally {
            writeSecret(good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void wrongPublishableKeyIsAnAuthFailure() {
        Map<String, String> good = secret();
        try {
            writeSecret(Map.of("publishableKey", "pk_wrong"));
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store, 1));
            assertEquals(Step.AUTH, e.step(), e.getMessage());
        } finally {
            writeSecret(good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void aMissingSecretSaysSo() {
        Store elsewhere = new Store(2L, "No secret", "no-secret", StoreType.MEDUSA, "o", null, StoreStatus.READY,
                "store-no-secret", "store-no-secret", 1, medusa.url().toString(), null, Instant.now(), Instant.now(), null, null, null, null);
        StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(elsewhere, 1));
        assertEquals(Step.CREDENTIALS, e.step(), e.getMessage());
        assertTrue(e.getMessage().contains("storefleet-store-api"), e.getMessage());
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    @Timeout(60)
    void aStoreThatDoesNotAnswerFallsBackToAPortForwardAndSaysWhyItFailed() {
        // The public URL is a closed port; the test API has no web Service (and serves no port-forward):
        // the call ends in words, within the timeouts, instead of hanging.
        String closed = "http://127.0.0.1:" + MedusaTestStore.freePort();
        Map<String, String> good = secret();
        try {
            writeSecret(Map.of("url", closed));
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store(closed), 1));
            assertEquals(Step.UNREACHABLE, e.step(), e.getMessage());
            assertTrue(e.getMessage().contains("port-forward"), e.getMessage());
        } finally {
            writeSecret(good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void outOfStockMeansNoProductToOrder() throws Exception {
        // Medusa keeps quantities twice: the number and its exact "raw" BigNumber form
        medusa.sql("UPDATE inventory_level SET stocked_quantity = 0, raw_stocked_quantity = "
                + "'{\"value\":\"0\",\"precision\":20}'::jsonb");
        try {
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store, 1));
            assertEquals(Step.NO_PRODUCT, e.step(), e.getMessage());
        } finally {
            medusa.sql("UPDATE inventory_level SET stocked_quantity = 1000, raw_stocked_quantity = "
                    + "'{\"value\":\"1000\",\"precision\":20}'::jsonb");
        }
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void aServerErrorWhenCompletingTheCheckoutSaysWhichStepFailedAndNoOrderIsMade() {
        // The store is reached through a proxy that answers the last step with Medusa's own 500.
        Map<String, String> good = secret();
        try {
            writeSecret(Map.of("url", proxy.url().toString()));
            int ordersBefore = client.listOrders(store, 50).size();
            proxy.faults().failNext("POST", "^/store/carts/[^/]+/complete$", 500, 1);
            StoreApiException e = assertThrows(StoreApiException.class, () -> client.placeTestOrder(store, 1));
            assertEquals(Step.SERVER_ERROR, e.step(), e.getMessage());
            assertTrue(e.getMessage().contains("Medusa store 'Medusa order test', completing the checkout: HTTP 500"
                    + " \"An unknown error occurred. (unknown_error)\"."), e.getMessage());
            assertTrue(e.getMessage().contains("Look at the store's logs"), e.getMessage());
            List<String> seen = proxy.received();
            assertTrue(seen.get(seen.size() - 1).matches("POST /store/carts/[^/]+/complete")
                    && seen.get(seen.size() - 2).startsWith("POST /store/payment-collections/"), seen.toString());
            assertEquals(ordersBefore, client.listOrders(store, 50).size(), "the cart was not completed");
        } finally {
            proxy.faults().reset();
            writeSecret(good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    @Timeout(30)
    void aStoreSlowerThanTheTimeoutEndsInWordsWithinBoundedTime() {
        // The first step of the checkout is held back 4 s; the client waits 1 s.
        StoreApiClient impatient = new StoreApiClient(new Fabric8StoreNetwork(connection), new StoreApiTimeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
        Map<String, String> good = secret();
        try {
            writeSecret(Map.of("url", proxy.url().toString()));
            proxy.faults().latency("GET", "^/store/regions/", Duration.ofSeconds(4));
            long t0 = System.nanoTime();
            StoreApiException e = assertThrows(StoreApiException.class, () -> impatient.placeTestOrder(store, 1));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Step.TIMEOUT, e.step(), e.getMessage());
            assertTrue(e.getMessage().contains("Medusa store 'Medusa order test', reading the store's region: "
                    + proxy.url() + " did not answer within 1 s."), e.getMessage());
            assertTrue(ms < 3500, "returned after " + ms + " ms, not after the store's 4 s");
        } finally {
            proxy.faults().reset();
            writeSecret(good);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(10)
    void everyTestOrderTakesTheVariantOfTheProductWithTheLowestId() throws Exception {
        // all the chart's samples are priced and stocked: the lowest product id wins
        String lowest = medusa.query("SELECT v.id FROM product p JOIN product_variant v ON v.product_id = p.id"
                + " WHERE p.status = 'published' AND p.deleted_at IS NULL AND v.deleted_at IS NULL"
                + " ORDER BY p.id COLLATE \"C\", v.id COLLATE \"C\" LIMIT 1");
        for (int i = 0; i < 2; i++) {
            Order placed = client.placeTestOrder(store, 1);
            assertEquals(lowest, medusa.query("SELECT li.variant_id FROM order_item oi JOIN order_line_item li"
                    + " ON li.id = oi.item_id WHERE oi.order_id = '" + placed.id() + "'"), placed.toString());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Store store(String url) {
        return new Store(1L, "Medusa order test", "medusa-orders", StoreType.MEDUSA, "tester", null, StoreStatus.READY,
                NAMESPACE, NAMESPACE, 1, url, null, Instant.now(), Instant.now(), null, null, null, null);
    }

    private static Map<String, String> secret() {
        return StoreApiSecrets.read(kubernetes, NAMESPACE);
    }

    private static void writeSecret(Map<String, String> changes) {
        StoreApiSecrets.write(kubernetes, NAMESPACE, changes);
    }
}
