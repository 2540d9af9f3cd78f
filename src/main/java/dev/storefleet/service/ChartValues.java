package dev.storefleet.service;

import dev.storefleet.domain.Store;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values every Helm release of a store gets: the store's name, id and admin e-mail, and its
 * ingress host and class from the settings; the operator's overrides go on top.
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
        values.putAll(overrides);
        return values;
    }
}
