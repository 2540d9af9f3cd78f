package dev.storefleet.api;

import static dev.storefleet.api.Role.ADMIN;
import static dev.storefleet.api.Role.OPERATOR;
import static dev.storefleet.api.Role.VIEWER;

import dev.storefleet.domain.Store;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.StoreService;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /api/stores}: the store use cases of {@link StoreService}, one handler each; every store
 * answered carries its health from {@link FleetHealth} while it is READY.
 */
final class StoreRoutes {
    private final StoreService stores;
    private final FleetHealth health;

    StoreRoutes(StoreService stores, FleetHealth health) {
        this.stores = Objects.requireNonNull(stores);
        this.health = Objects.requireNonNull(health);
    }

    /** The store routes and the role each needs: reads for viewers, changes for operators, removals for admins. */
    void addTo(Router router) {
        router.add("POST", "/api/stores", OPERATOR, "Creating a store", this::create)
                .add("GET", "/api/stores", VIEWER, "Listing stores",
                        request -> ApiResponse.ok(stores.list().stream().map(this::view).toList()))
                .add("GET", "/api/stores/{id}", VIEWER, "Reading a store", request -> ApiResponse.ok(view(stores.get(request.id()))))
                .add("GET", "/api/stores/{id}/history", VIEWER, "Reading a store's Helm history", request -> ApiResponse.ok(
                        stores.history(request.id()).stream().map(RevisionView::of).toList()))
                .add("POST", "/api/stores/{id}/retry", OPERATOR, "Retrying a store",
                        request -> accepted(stores.retry(request.id(), request.actor())))
                .add("POST", "/api/stores/{id}/reprovision", OPERATOR, "Re-provisioning a store",
                        request -> accepted(stores.reprovision(request.id(), request.actor())))
                .add("POST", "/api/stores/{id}/upgrade", OPERATOR, "Upgrading a store", this::upgrade)
                .add("POST", "/api/stores/{id}/rollback", ADMIN, "Rolling back a store", this::rollback)
                .add("DELETE", "/api/stores/{id}", ADMIN, "Deleting a store",
                        request -> accepted(stores.delete(request.id(), request.actor())));
    }

    private ApiResponse create(ApiRequest request) {
        CreateStoreBody body = request.body(CreateStoreBody.class);
        Store store = stores.create(body.toRequest(request.actor()), request.actor());
        return ApiResponse.created(view(store), "/api/stores/" + store.id());
    }

    private ApiResponse upgrade(ApiRequest request) {
        long id = request.id();
        UpgradeBody body = request.optionalBody(UpgradeBody.class);
        Map<String, Object> values = body == null ? Map.of() : body.checkedValues();
        return accepted(stores.upgrade(id, values, request.actor()));
    }

    private ApiResponse rollback(ApiRequest request) {
        long id = request.id();
        int revision = request.body(RollbackBody.class).requiredRevision();
        return accepted(stores.rollback(id, revision, request.actor()));
    }

    private ApiResponse accepted(Store store) {
        return ApiResponse.accepted(view(store));
    }

    private StoreView view(Store store) {
        return StoreView.of(store, health.of(store.id()).orElse(null));
    }
}
