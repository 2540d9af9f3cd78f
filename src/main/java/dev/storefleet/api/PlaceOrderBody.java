package dev.storefleet.api;

import dev.storefleet.domain.ValidationException;

/** The body of {@code POST /api/orders}: the store to order from, and how many pieces (default 1). */
record PlaceOrderBody(Long storeId, Integer quantity) {
    static final int DEFAULT_QUANTITY = 1;

    long requiredStoreId() {
        if (storeId == null) {
            throw ValidationException.of("storeId", "Give the store to order from, as {\"storeId\": 1};"
                    + " GET /api/stores lists them.");
        }
        if (storeId < 1) {
            throw ValidationException.of("storeId", "Store ids start at 1, not " + storeId + ".");
        }
        return storeId;
    }

    /** The pieces to order; the order service checks the range (1 to 10). */
    int quantityOrDefault() {
        return quantity == null ? DEFAULT_QUANTITY : quantity;
    }
}
