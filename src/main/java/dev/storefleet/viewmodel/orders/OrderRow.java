package dev.storefleet.viewmodel.orders;

import dev.storefleet.domain.Order;

/**
 * One row of the orders table, in the words the table shows.
 *
 * @param number  what the store calls the order ({@code #1042})
 * @param status  the store's own status word ({@code pending}, {@code processing}, …)
 * @param total   the grand total with its currency ({@code 24.00 USD}), as the store prints it
 * @param created when the store recorded it, in local time; empty if the store did not say
 */
public record OrderRow(Order order, String number, String status, String total, String created) {
}
