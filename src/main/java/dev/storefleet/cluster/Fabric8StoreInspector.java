package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.StoreInspector;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a store's admin login and events through fabric8 (see charts/README.md for the Secrets). */
public final class Fabric8StoreInspector implements StoreInspector {
    /** Written by the chart's setup Job for the console. */
    static final String STORE_API_SECRET = "storefleet-store-api";
    private static final String AUTH_COMPONENT = "auth";

    private final ClusterConnection connection;

    public Fabric8StoreInspector(ClusterConnection connection) {
        this.connection = connection;
    }

    @Override
    public AdminCredentials adminCredentials(Store store) {
        String operation = "reading the admin login of store '" + store.name() + "' from namespace " + store.namespace();
        try {
            Secret auth = connection.client().secrets().inNamespace(store.namespace())
                    .withLabel(StoreLabels.INSTANCE, store.releaseName())
                    .withLabel(StoreLabels.COMPONENT, AUTH_COMPONENT).list().getItems().stream()
                    .findFirst().orElseThrow(() -> new ClusterException(operation + ": the chart's auth Secret is not"
                            + " there (yet). Wait until the store is ready, or retry it."));
            String password = decoded(auth.getData(), "admin-password")
                    .orElseThrow(() -> new ClusterException(operation + ": the auth Secret has no admin-password"));
            Map<String, String> api = Optional.ofNullable(connection.client().secrets().inNamespace(store.namespace())
                    .withName(STORE_API_SECRET).get()).map(Secret::getData).orElse(Map.of());
            String url = decoded(api, "url").orElse(store.url() == null ? "" : store.url());
            if (store.type() == StoreType.WOOCOMMERCE) {
                return new AdminCredentials(url + "/wp-admin/", "admin", password);
            }
            String email = decoded(api, "adminEmail").orElse(store.email() == null ? "admin@example.com" : store.email());
            return new AdminCredentials(url + "/app", email, decoded(api, "adminPassword").orElse(password));
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
    }

    @Override
    public List<ClusterEvent> recentEvents(Store store, int limit) {
        try {
            return connection.client().v1().events().inNamespace(store.namespace()).list().getItems().stream()
                    .map(Fabric8StoreInspector::toEvent)
                    .sorted(Comparator.comparing(ClusterEvent::time, Comparator.nullsLast(Comparator.reverseOrder())))
                    .limit(limit).toList();
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading the events of namespace " + store.namespace(), e);
        }
    }

    private static ClusterEvent toEvent(Event e) {
        String time = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
        Instant at = null;
        try {
            at = time == null ? null : Instant.parse(time);
        } catch (RuntimeException ignored) {
            // an unreadable timestamp sorts last
        }
        String object = e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind().toLowerCase() + "/"
                + e.getInvolvedObject().getName();
        return new ClusterEvent(at, e.getType(), e.getReason(), object, e.getMessage());
    }

    private static Optional<String> decoded(Map<String, String> data, String key) {
        if (data == null || data.get(key) == null) {
            return Optional.empty();
        }
        return Optional.of(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
    }
}
