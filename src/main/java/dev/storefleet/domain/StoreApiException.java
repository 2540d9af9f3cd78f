package dev.storefleet.domain;

import java.util.Objects;

/**
 * A call to a store's own API (WooCommerce REST, Medusa store/admin) failed. {@link #step()} says
 * in one word where; the message says it in words with the store and what to do next.
 * Credentials never appear in the message.
 */
public final class StoreApiException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** Where a call to a store failed. */
    public enum Step {
        /** Nothing answered: no route, connection refused, DNS, port-forward failed. */
        UNREACHABLE("the store could not be reached"),
        /** The store took longer than the console waits. */
        TIMEOUT("the store did not answer in time"),
        /** The store's API Secret is missing or incomplete (setup Job not finished?). */
        CREDENTIALS("the store's API credentials are not available"),
        /** The store refused the credentials. */
        AUTH("the store refused the console's credentials"),
        /** Nothing to buy: no published product with stock and a price. */
        NO_PRODUCT("the store has no product that can be ordered"),
        /** The store answered but would not take the order (stock, shipping, payment, validation). */
        CHECKOUT_REFUSED("the store refused the checkout"),
        /** The store failed with a server error. */
        SERVER_ERROR("the store failed with a server error"),
        /** The order asked for does not exist. */
        NOT_FOUND("the order was not found"),
        /** The order was placed but the store's order list does not show it. */
        NOT_LISTED("the order placed is not in the store's order list"),
        /** The store answered something the console cannot read. */
        BAD_RESPONSE("the store answered something unexpected");

        private final String words;

        Step(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    private final Step step;

    public StoreApiException(Step step, String message) {
        this(step, message, null);
    }

    public StoreApiException(Step step, String message, Throwable cause) {
        super(message, cause);
        this.step = Objects.requireNonNull(step, "step");
    }

    public Step step() {
        return step;
    }

    @Override
    public ErrorKind kind() {
        return step == Step.NOT_FOUND ? ErrorKind.NOT_FOUND : ErrorKind.STORE_API;
    }
}
