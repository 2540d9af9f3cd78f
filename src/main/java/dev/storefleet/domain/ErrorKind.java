package dev.storefleet.domain;

/**
 * The kinds of guardrail error, each with the HTTP status the headless API answers with.
 * A view shows the message in words; the kind tells it which hint to add.
 */
public enum ErrorKind {
    VALIDATION(400),
    CONFLICT(400),
    INVALID_STATE(400),
    QUOTA(403),
    NOT_FOUND(404),
    STORAGE(500),
    CLUSTER(502),
    /** A store's own API (WooCommerce, Medusa) failed or could not be reached. */
    STORE_API(502);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The JSON spelling used by the headless API ({@code "error": "quota"}). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
