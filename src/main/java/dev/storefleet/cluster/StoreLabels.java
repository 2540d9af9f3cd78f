package dev.storefleet.cluster;

import dev.storefleet.domain.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels Storefleet puts on what it creates, named in one place. A guardrail too (see
 * {@link dev.storefleet.domain.Guardrails}): only a namespace labelled managed-by storefleet is
 * taken for Storefleet's, by the orphan scan and the fleet watch.
 */
final class StoreLabels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String MANAGER = "storefleet";
    static final String STORE_ID = "storefleet.dev/store-id";
    static final String STORE_SLUG = "storefleet.dev/store-slug";
    static final String STORE_TYPE = "storefleet.dev/store-type";
    /** Set by Helm on every resource of a release (charts follow the recommended labels). */
    static final String INSTANCE = "app.kubernetes.io/instance";
    /** Which part of a release an object is (the charts' server, wordpress, database, auth...). */
    static final String COMPONENT = "app.kubernetes.io/component";

    private StoreLabels() {
    }

    /** The object's value of label {@code key}, or null. */
    static String labelOf(HasMetadata object, String key) {
        Map<String, String> labels = object.getMetadata() == null ? null : object.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    static Map<String, String> forNamespace(Store store) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, MANAGER);
        labels.put(STORE_ID, String.valueOf(store.id()));
        labels.put(STORE_SLUG, store.slug());
        labels.put(STORE_TYPE, store.type().chartName());
        return labels;
    }
}
