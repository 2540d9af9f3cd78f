package dev.storefleet.service.port;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.Store;
import java.util.List;

/**
 * Orders through a store's own API (WooCommerce REST v3, Medusa store/admin API). The adapter
 * reads the store's credentials from its namespace on every call and keeps none; it reaches the
 * store through its Ingress URL or a port-forward. Every call is bounded by connect and request
 * timeouts. Failures are {@link dev.storefleet.domain.StoreApiException} saying which step failed.
 */
public interface StoreOrders {

    /**
     * Places one order of {@code quantity} pieces of one product in stock, as a shopper would (or as
     * a till would, for WooCommerce). A product counts as in stock only if it has that many.
     */
    Order placeTestOrder(Store store, int quantity);

    /** The newest orders first, at most {@code limit}. */
    List<Order> listOrders(Store store, int limit);

    /** One order by the store's id for it; StoreApiException with step NOT_FOUND if there is none. */
    Order getOrder(Store store, String orderId);
}
