package dev.storefleet.api;

import static dev.storefleet.api.Role.ADMIN;
import static dev.storefleet.api.Role.OPERATOR;
import static dev.storefleet.api.Role.VIEWER;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.StoreService;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code /api/stores}: the store use cases of {@link StoreService}, one handler each; every store
 * answered carries its health from {@link FleetHealth} while it is READY.
 */
final class StoreRoutes {
    private static final String OUTDATED = "outdated";
    private static final String DRY_RUN = "dryRun";
    private static final Set<String> LIST_PARAMS = Set.of(OUTDATED);
    private static final Set<String> DRY_RUN_PARAMS = Set.of(DRY_RUN);

    private final StoreService stores;
    private final FleetHealth health;

    StoreRoutes(StoreService stores, FleetHealth health) {
        this.stores = Objects.requireNonNull(stores);
        this.health = Objects.requireNonNull(health);
    }

    /** The store routes and the role each needs: reads for viewers, changes for operators, removals for admins. */
    void addTo(Router router) {
        router.add("POST", "/api/stores", OPERATOR, "Creating a store", this::create)
                .add("GET", "/api/stores", VIEWER, "Listing stores", this::list)
                .add("GET", "/api/charts", VIEWER, "Reading the bundled charts", request -> ApiResponse.ok(
                        stores.bundledCharts().entrySet().stream().map(e -> ChartView.of(e.getKey(), e.getValue())).toList()))
                .add("GET", "/api/stores/{id}", VIEWER, "Reading a store", request -> ApiResponse.ok(view(stores.get(request.id()))))
                .add("GET", "/api/stores/{id}/history", VIEWER, "Reading a store's Helm history", request -> ApiResponse.ok(
                        stores.history(request.id()).stream().map(RevisionView::of).toList()))
                .add("POST", "/api/stores/{id}/retry", OPERATOR, "Retrying a store",
                        request -> accepted(stores.retry(request.id(), request.actor())))
                .add("POST", "/api/stores/{id}/reprovision", OPERATOR, "Re-provisioning a store",
                        request -> accepted(stores.reprovision(request.id(), request.actor())))
                .add("POST", "/api/stores/{id}/upgrade", OPERATOR, "Upgrading a store", this::upgrade)
                .add("POST", "/api/stores/{id}/rollback", ADMIN, "Rolling back a store", this::rollback)
                .add("POST", "/api/stores/{id}/suspend", OPERATOR, "Suspending a store",
                        request -> accepted(stores.suspend(request.id(), request.actor())))
                .add("POST", "/api/stores/{id}/resume", OPERATOR, "Resuming a store",
                        request -> accepted(stores.resume(request.id(), request.actor())))
                .add("DELETE", "/api/stores/{id}", ADMIN, "Deleting a store",
                        request -> accepted(stores.delete(request.id(), request.actor())));
    }

    private ApiResponse create(ApiRequest request) {
        CreateStoreBody body = request.body(CreateStoreBody.class);
        Store store = stores.create(body.toRequest(request.actor()), request.actor());
        return ApiResponse.created(view(store), "/api/stores/" + store.id());
    }

    /** {@code ?outdated=true}: only the stores whose deployed chart version is not the bundled one. */
    private ApiResponse list(ApiRequest request) {
        Map<String, String> query = request.query(LIST_PARAMS);
        boolean filtered = query.containsKey(OUTDATED);
        boolean outdated = PodRoutes.booleanParam(query, OUTDATED);
        Map<StoreType, ChartVersion> bundled = stores.bundledCharts();
        return ApiResponse.ok(stores.list().stream().map(s -> view(s, bundled))
                .filter(v -> !filtered || v.outdated() == outdated).toList());
    }

    /** {@code ?dryRun=true}: the preview of the upgrade (200), nothing changed, nothing queued, nothing audited. */
    private ApiResponse upgrade(ApiRequest request) {
        long id = request.id();
        boolean dryRun = PodRoutes.booleanParam(request.query(DRY_RUN_PARAMS), DRY_RUN);
        UpgradeBody body = request.optionalBody(UpgradeBody.class);
        Map<String, Object> values = body == null ? Map.of() : body.checkedValues();
        if (dryRun) {
            return ApiResponse.ok(PreviewView.of(stores.previewUpgrade(id, values)));
        }
        if (body != null && body.backsUpFirst()) {
            // Refused at once where the upgrade would be; else the store stays READY while its backup
            // runs and goes UPGRADING after it (a failed backup: a REJECTED upgrade in the activity).
            stores.upgrade(id, values, request.actor(), true);
            return accepted(stores.get(id));
        }
        return accepted(stores.upgrade(id, values, request.actor()));
    }

    private ApiResponse rollback(ApiRequest request) {
        long id = request.id();
        boolean dryRun = PodRoutes.booleanParam(request.query(DRY_RUN_PARAMS), DRY_RUN);
        int revision = request.body(RollbackBody.class).requiredRevision();
        if (dryRun) {
            return ApiResponse.ok(PreviewView.of(stores.previewRollback(id, revision)));
        }
        return accepted(stores.rollback(id, revision, request.actor()));
    }

    private ApiResponse accepted(Store store) {
        return ApiResponse.accepted(view(store));
    }

    private StoreView view(Store store) {
        return view(store, stores.bundledCharts());
    }

    private StoreView view(Store store, Map<StoreType, ChartVersion> bundled) {
        return StoreView.of(store, health.of(store.id()).orElse(null), bundled.get(store.type()));
    }
}
