package dev.storefleet.store;

import dev.storefleet.domain.StoreApiException;
import java.util.Map;

/**
 * The decoded keys of a store's API Secret, for one call. Never printed: {@link #toString()}
 * names the keys only.
 */
final class StoreCredentials {
    private final Map<String, String> values;
    private final String storeName;
    private final String namespace;

    StoreCredentials(Map<String, String> values, String storeName, String namespace) {
        this.values = Map.copyOf(values);
        this.storeName = storeName;
        this.namespace = namespace;
    }

    String require(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            throw new StoreApiException(StoreApiException.Step.CREDENTIALS, "Store '" + storeName + "': the Secret "
                    + StoreNetwork.STORE_API_SECRET + " in namespace " + namespace + (values.isEmpty()
                            ? " is not there (yet). Its setup Job writes it; wait until the store is ready, or"
                                    + " upgrade it to run the setup again."
                            : " has no '" + key + "'. Upgrade the store to run its setup again."));
        }
        return value;
    }

    String optional(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        return "StoreCredentials" + values.keySet();
    }
}
