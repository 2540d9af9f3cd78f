package dev.storefleet.service.port;

import dev.storefleet.domain.Store;
import java.time.Instant;
import java.util.List;

/** Read-only looks into a store's namespace, for the operator. Failures are ClusterException. */
public interface StoreInspector {

    /** The store's admin login, read from its Secrets on demand (never stored by the console). */
    AdminCredentials adminCredentials(Store store);

    /** The newest Kubernetes events of the store's namespace, newest first. */
    List<ClusterEvent> recentEvents(Store store, int limit);

    record AdminCredentials(String loginUrl, String user, String password) {
        @Override
        public String toString() {
            return "AdminCredentials[loginUrl=" + loginUrl + ", user=" + user + ", password=***]";
        }
    }

    record ClusterEvent(Instant time, String type, String reason, String object, String message) {
    }
}
