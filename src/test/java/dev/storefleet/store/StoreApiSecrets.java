package dev.storefleet.store;

import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The store API Secret ({@value StoreNetwork#STORE_API_SECRET}) in a test Kubernetes API, read and changed by tests. */
final class StoreApiSecrets {
    private StoreApiSecrets() {
    }

    /** Its decoded keys; empty when there is none. */
    static Map<String, String> read(TestKubernetesApi api, String namespace) {
        Secret s = api.client().secrets().inNamespace(namespace).withName(StoreNetwork.STORE_API_SECRET).get();
        Map<String, String> decoded = new LinkedHashMap<>();
        if (s != null && s.getData() != null) {
            s.getData().forEach((k, v) -> decoded.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        return decoded;
    }

    /**
     * Sets {@code changes} in it, keeping its other keys; creates the namespace and the Secret (with
     * the labels the charts' setup Jobs give it) when they are not there.
     */
    static void write(TestKubernetesApi api, String namespace, Map<String, String> changes) {
        if (api.client().namespaces().withName(namespace).get() == null) {
            api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).create();
        }
        Map<String, String> values = new LinkedHashMap<>(read(api, namespace));
        values.putAll(changes);
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        var secrets = api.client().secrets().inNamespace(namespace);
        Secret existing = secrets.withName(StoreNetwork.STORE_API_SECRET).get();
        if (existing == null) {
            secrets.resource(new SecretBuilder().withNewMetadata().withName(StoreNetwork.STORE_API_SECRET)
                    .withNamespace(namespace).addToLabels("storefleet.dev/role", "store-api")
                    .addToLabels("app.kubernetes.io/part-of", "storefleet").endMetadata().withType("Opaque")
                    .withData(data).build()).create();
        } else {
            existing.setData(data);
            secrets.resource(existing).update();
        }
    }
}
