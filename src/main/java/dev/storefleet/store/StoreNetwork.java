package dev.storefleet.store;

import dev.storefleet.domain.Store;
import java.net.URI;
import java.util.Map;

/**
 * What the order clients need from the cluster: the store's API Secret and, when its Ingress does
 * not answer, a port-forward to its Service. Implemented over fabric8 in the cluster package.
 */
public interface StoreNetwork {

    /** Name of the Secret the charts' setup Jobs write for the console (charts/README.md). */
    String STORE_API_SECRET = "storefleet-store-api";

    /**
     * The decoded keys of the store's {@value #STORE_API_SECRET} Secret, read now; empty if the
     * Secret is not there. The caller keeps them only for the call at hand.
     */
    Map<String, String> readStoreApiSecret(Store store);

    /** Forwards a local loopback port to the store's web Service until the tunnel is closed. */
    Tunnel portForward(Store store);

    /** An open port-forward. */
    interface Tunnel extends AutoCloseable {
        /** {@code http://127.0.0.1:<local port>} */
        URI localUri();

        @Override
        void close();
    }
}
