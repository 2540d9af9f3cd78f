package dev.storefleet.store;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import dev.storefleet.service.port.StoreOrders;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orders through the store's own API. Per call: read the store's API Secret, reach the store at
 * its public URL if it answers (a small probe, its outcome remembered for a short time by
 * {@link Reachability}), otherwise through a port-forward to its Service that lives for this call
 * only, then talk WooCommerce or Medusa. Credentials live in local variables for the call and are
 * never logged or stored.
 */
public final class StoreApiClient implements StoreOrders {
    private static final Logger LOG = LoggerFactory.getLogger(StoreApiClient.class);

    private final StoreNetwork network;
    private final StoreHttp http;
    private final Clock clock;
    private final Reachability reachability;

    public StoreApiClient(StoreNetwork network, StoreApiTimeouts timeouts, Clock clock) {
        this(network, timeouts, null, clock);
    }

    /** @param tls trust for HTTPS stores; null for the JDK's default trust store */
    public StoreApiClient(StoreNetwork network, StoreApiTimeouts timeouts, SSLContext tls, Clock clock) {
        this.network = network;
        this.http = new StoreHttp(timeouts, tls);
        this.clock = clock;
        this.reachability = new Reachability(clock);
    }

    @Override
    public Order placeTestOrder(Store store, int quantity) {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity must be at least 1, was " + quantity);
        }
        return withStore(store, c -> c.medusa != null ? c.medusa.placeTestOrder(quantity)
                : c.woo.placeTestOrder(quantity));
    }

    @Override
    public List<Order> listOrders(Store store, int limit) {
        return withStore(store, c -> c.medusa != null ? c.medusa.listOrders(limit) : c.woo.listOrders(limit));
    }

    @Override
    public Order getOrder(Store store, String orderId) {
        return withStore(store, c -> c.medusa != null ? c.medusa.getOrder(orderId) : c.woo.getOrder(orderId));
    }

    private record Clients(MedusaClient medusa, WooCommerceClient woo) {
        String whyNotAnswering() {
            return medusa != null ? medusa.whyNotAnswering() : woo.whyNotAnswering();
        }
    }

    private <T> T withStore(Store store, Function<Clients, T> call) {
        Map<String, String> secret;
        try {
            secret = network.readStoreApiSecret(store);
        } catch (ClusterException e) {
            throw new StoreApiException(Step.CREDENTIALS, "Store '" + store.name() + "': cannot read its API Secret "
                    + StoreNetwork.STORE_API_SECRET + ": " + e.getMessage(), e);
        }
        StoreCredentials credentials = new StoreCredentials(secret, store.name(), store.namespace());
        String publicUrl = credentials.optional("url") != null ? credentials.optional("url") : store.url();
        URI home = publicUrl == null ? null : parse(publicUrl);
        boolean medusa = store.type() == dev.storefleet.domain.StoreType.MEDUSA;
        Clients atHome = home == null ? null : clients(store, medusa, home, home, credentials);
        String whyNot = home == null ? "it has no URL"
                : reachability.whyNot(store.namespace(), home, atHome::whyNotAnswering);
        try {
            return whyNot == null ? call.apply(atHome) : throughPortForward(store, medusa, home, whyNot, credentials,
                    call);
        } catch (StoreApiException e) {
            if (home != null && (e.step() == Step.UNREACHABLE || e.step() == Step.TIMEOUT)) {
                reachability.forget(store.namespace(), home); // the next call looks again
            }
            throw e;
        }
    }

    private <T> T throughPortForward(Store store, boolean medusa, URI home, String whyNot,
            StoreCredentials credentials, Function<Clients, T> call) {
        LOG.info("Store {} does not answer at {} ({}); using a port-forward to its Service", store.name(),
                home == null ? "(no URL)" : StoreHttp.origin(home), whyNot);
        StoreNetwork.Tunnel tunnel;
        try {
            tunnel = network.portForward(store);
        } catch (ClusterException e) {
            throw new StoreApiException(Step.UNREACHABLE, "Store '" + store.name() + "' is not reachable"
                    + (home == null ? "" : " at " + StoreHttp.origin(home)) + " (" + whyNot + "), and a port-forward"
                    + " to its Service failed: " + e.getMessage(), e);
        }
        try (tunnel) {
            URI local = tunnel.localUri();
            return call.apply(clients(store, medusa, local, home == null ? local : home, credentials));
        }
    }

    private Clients clients(Store store, boolean medusa, URI base, URI home, StoreCredentials credentials) {
        return medusa ? new Clients(new MedusaClient(http, base, credentials, store.name()), null)
                : new Clients(null, new WooCommerceClient(http, base, home, credentials, store.name(), clock));
    }

    private static URI parse(String url) {
        try {
            URI uri = URI.create(url.strip());
            return uri.getScheme() == null || uri.getHost() == null ? null : uri;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

}
