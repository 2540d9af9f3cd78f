package dev.storefleet.testcluster;

import dev.storefleet.domain.StoreType;
import dev.storefleet.store.WooCommerceStandIn;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * WooCommerce stores for the test cluster, which runs no WordPress, for looking at the console
 * (the screenshot script): each WooCommerce store's namespace gets its own {@link WooCommerceStandIn}
 * (the protocol-faithful one the store clients are tested against: OAuth 1.0a checked, WooCommerce's
 * JSON) with a REST key and a product, and the {@code storefleet-store-api} Secret the chart's setup
 * Job would write, pointing the console at it. Medusa stores get nothing, so the console says, in
 * words, that their API credentials are not there.
 */
public final class StandInWooCommerceStores implements AutoCloseable {
    private final ScheduledExecutorService secrets = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "woocommerce-stand-in-secrets");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, WooCommerceStandIn> stores = new ConcurrentHashMap<>();

    /** Looks for new WooCommerce store namespaces of {@code api} every 300 ms. */
    public StandInWooCommerceStores(TestKubernetesApi api) {
        KubernetesClient client = api.client();
        secrets.scheduleWithFixedDelay(() -> serveNewStores(client), 0, 300, TimeUnit.MILLISECONDS);
    }

    private void serveNewStores(KubernetesClient client) {
        try {
            for (var ns : client.namespaces().list().getItems()) {
                String name = ns.getMetadata().getName();
                Map<String, String> labels = ns.getMetadata().getLabels() == null ? Map.of()
                        : ns.getMetadata().getLabels();
                String slug = labels.get("storefleet.dev/store-slug");
                if (slug == null || !StoreType.WOOCOMMERCE.chartName().equals(labels.get("storefleet.dev/store-type"))
                        || client.secrets().inNamespace(name).withName("storefleet-store-api").get() != null) {
                    continue;
                }
                WooCommerceStandIn store = stores.computeIfAbsent(name, n -> {
                    WooCommerceStandIn woo = WooCommerceStandIn.http("/" + slug);
                    woo.addProduct("Storefleet test mug", "12.00", null);
                    return woo;
                });
                String[] key = store.addKey("read_write");
                client.secrets().inNamespace(name).resource(new SecretBuilder().withNewMetadata()
                        .withName("storefleet-store-api").endMetadata()
                        .addToStringData("url", store.home().toString())
                        .addToStringData("consumerKey", key[0])
                        .addToStringData("consumerSecret", key[1]).build()).create();
            }
        } catch (RuntimeException e) {
            // a namespace being deleted, or the API busy: the next round tries again
        }
    }

    /** The stand-in serving the store of {@code namespace}, once one does (its faults switch its answers). */
    public java.util.Optional<WooCommerceStandIn> of(String namespace) {
        return java.util.Optional.ofNullable(stores.get(namespace));
    }

    @Override
    public void close() {
        secrets.shutdownNow();
        stores.values().forEach(WooCommerceStandIn::close);
    }
}
