package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.store.StoreNetwork;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's API Secret and port-forwards to its web Service, through the console's fabric8
 * client (so through the same context, timeouts and credentials as everything else).
 */
public final class Fabric8StoreNetwork implements StoreNetwork {
    /** Chart component labels of each store type's web Service (templates of charts/medusa and charts/woocommerce). */
    private static final List<String> WEB_COMPONENTS = List.of("server", "wordpress");

    private final ClusterConnection connection;

    public Fabric8StoreNetwork(ClusterConnection connection) {
        this.connection = connection;
    }

    @Override
    public Map<String, String> readStoreApiSecret(Store store) {
        try {
            Secret secret = connection.client().secrets().inNamespace(store.namespace()).withName(STORE_API_SECRET).get();
            Map<String, String> decoded = new LinkedHashMap<>();
            if (secret != null && secret.getData() != null) {
                secret.getData().forEach((k, v) -> decoded.put(k, v == null ? ""
                        : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
            }
            if (secret != null && secret.getStringData() != null) {
                decoded.putAll(secret.getStringData());
            }
            return decoded;
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("reading Secret " + STORE_API_SECRET + " in namespace " + store.namespace(), e);
        }
    }

    @Override
    public Tunnel portForward(Store store) {
        String operation = "port-forwarding to the web Service of store '" + store.name() + "' in namespace "
                + store.namespace();
        Service service;
        try {
            service = connection.client().services().inNamespace(store.namespace())
                    .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems().stream()
                    .filter(s -> WEB_COMPONENTS.contains(StoreLabels.labelOf(s, StoreLabels.COMPONENT)))
                    .findFirst()
                    .orElseThrow(() -> new ClusterException(operation + ": release " + store.releaseName()
                            + " has no web Service (component " + WEB_COMPONENTS + ")."));
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap(operation, e);
        }
        int port = webPort(service).orElseThrow(() -> new ClusterException(operation + ": Service "
                + service.getMetadata().getName() + " has no port."));
        LocalPortForward forward;
        try {
            forward = connection.client().services().inNamespace(store.namespace())
                    .withName(service.getMetadata().getName()).portForward(port);
        } catch (RuntimeException e) {
            if (ClusterErrors.isNoPodBehindService(e)) {
                // fabric8 prints the whole Service object here; the operator needs the fact.
                throw new ClusterException(operation + ": no pod is running behind Service "
                        + service.getMetadata().getName() + ", so the store's workload is down; see its"
                        + " Kubernetes events.", e);
            }
            throw ClusterErrors.wrap(operation, e);
        }
        URI local = URI.create("http://127.0.0.1:" + forward.getLocalPort());
        return new Tunnel() {
            @Override
            public URI localUri() {
                return local;
            }

            @Override
            public void close() {
                try {
                    forward.close();
                } catch (IOException e) {
                    // the local socket is gone either way
                }
            }
        };
    }

    /** The port named {@code http}, else the first one. */
    static Optional<Integer> webPort(Service service) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of()
                : service.getSpec().getPorts();
        return ports.stream().filter(p -> "http".equals(p.getName())).findFirst()
                .or(() -> ports.stream().findFirst()).map(ServicePort::getPort);
    }
}
