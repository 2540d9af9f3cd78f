package dev.storefleet.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One order of a store, as its own API reports it, in the few fields the console shows.
 *
 * @param id        the store's identifier of the order (Medusa {@code order_…}, WooCommerce a number)
 * @param number    what shoppers and the store's admin call it ({@code #1042})
 * @param status    the store's own status word ({@code pending}, {@code processing}, …)
 * @param total     the grand total as the store prints it, in {@code currency}
 * @param createdAt when the store recorded it, null if it did not say
 */
public record Order(String id, String number, String status, String total, String currency, Instant createdAt) {

    public Order {
        Objects.requireNonNull(id, "id");
    }
}
