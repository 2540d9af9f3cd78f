package dev.storefleet.api;

import dev.storefleet.domain.Order;

/**
 * One order of a store as the API shows it, the same in every answer (placed, listed, read).
 * {@code orderId} is the store's own id for it, the one {@code /api/stores/{id}/orders/{orderId}}
 * takes; {@code total} is a decimal string as the store prints it, in {@code currency}.
 */
record OrderView(String orderId, long storeId, String number, String status, String total, String currency,
        String createdAt) {

    static OrderView of(long storeId, Order order) {
        return new OrderView(order.id(), storeId, order.number(), order.status(), order.total(), order.currency(),
                order.createdAt() == null ? null : order.createdAt().toString());
    }
}
