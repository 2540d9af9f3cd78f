package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNames;
import dev.storefleet.domain.StoreStatus;

/**
 * Stores of a {@link ServiceFixture} whose containers are {@link LocalContainers} stand-ins: a
 * Medusa store's database container runs its commands against a fresh, seeded database of the test
 * PostgreSQL server, so its backups are real dumps. Shared by the backup and back-up-first tests.
 */
final class StandInStores {
    /** Orders each seeded store holds. */
    static final int ORDERS = 120;

    private final ServiceFixture fx;
    private final LocalContainers containers;

    StandInStores(ServiceFixture fx, LocalContainers containers) {
        this.fx = fx;
        this.containers = containers;
    }

    /** Creates the store and waits until it is provisioned: READY, or the test fails with its error. */
    Store ready(String name, String type) {
        Store store = fx.stores().create(new NewStoreRequest(name, "alice", "alice@example.com", type), "alice");
        fx.settle();
        Store ready = fx.stores().get(store.id());
        assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
        return ready;
    }

    /** The database container of the Medusa store {@code name} (create it after): a seeded database of its own. */
    MedusaStandIn medusaStore(String name) {
        return MedusaStandIn.seeded(ORDERS).playedIn(containers, namespace(name));
    }

    static String namespace(String name) {
        return StoreNames.namespaceOf(StoreNames.slugOf(name));
    }
}
