package dev.storefleet.service;

import dev.storefleet.domain.Store;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values every Helm release of a store gets: the store's name, id and admin e-mail, and its
 * ingress host and class from the settings; the operator's overrides go on top, merged key by key.
 */
final class ChartValues {
    private final EngineSettings settings;

    ChartValues(EngineSettings settings) {
        this.settings = settings;
    }

    Map<String, Object> of(Store store, Map<String, Object> overrides) {
        Map<String, Object> storeValues = new LinkedHashMap<>();
        storeValues.put("name", store.name());
        storeValues.put("id", String.valueOf(store.id()));
        if (store.email() != null) {
            storeValues.put("adminEmail", store.email());
        }
        Map<String, Object> ingress = new LinkedHashMap<>();
        ingress.put("host", settings.hostOf(store.slug()));
        ingress.put("className", settings.ingressClass());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("store", storeValues);
        values.put("ingress", ingress);
        return merged(values, overrides);
    }

    /**
     * {@code overrides} laid over {@code base} key by key, maps merged all the way down, as Helm
     * merges values files: an override of {@code ingress.annotations} keeps the store's ingress host.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merged(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overrides.forEach((key, value) -> {
            Object under = result.get(key);
            result.put(key, under instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> overMap
                    ? merged((Map<String, Object>) baseMap, (Map<String, Object>) overMap) : value);
        });
        return result;
    }
}
