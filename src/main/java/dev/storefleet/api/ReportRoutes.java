package dev.storefleet.api;

import static dev.storefleet.api.ApiRequest.intParam;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.port.AuditLog;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code /stores/metrics} and {@code /stores/activity}: the counters (with the fleet's health) and the audit trail. */
final class ReportRoutes {
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;
    private static final Set<String> ACTIVITY_PARAMS = Set.of("page", "size", "store", "storeId", "action");

    private final MetricsService metrics;
    private final AuditService audit;
    private final FleetHealth health;

    ReportRoutes(MetricsService metrics, AuditService audit, FleetHealth health) {
        this.metrics = Objects.requireNonNull(metrics);
        this.audit = Objects.requireNonNull(audit);
        this.health = Objects.requireNonNull(health);
    }

    void addTo(Router router) {
        router.add("GET", "/stores/metrics", Role.VIEWER, "Reading the metrics", request -> ApiResponse.ok(
                        MetricsView.of(metrics.snapshot(), health.counts(), health.watchStatus(), metrics.rollouts(),
                                metrics.suspensions())))
                .add("GET", "/stores/activity", Role.VIEWER, "Reading the activity", this::activity);
    }

    /** {@code ?page=0&size=50&store=<name contains>&storeId=<id>&action=<action>}, newest first. */
    private ApiResponse activity(ApiRequest request) {
        Map<String, String> query = request.query(ACTIVITY_PARAMS);
        int page = intParam(query, "page", 0, 0, 1_000_000);
        int size = intParam(query, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            throw ValidationException.of("page", "Page " + page + " of size " + size + " is beyond any audit log.");
        }
        String store = query.get("store");
        String storeIdText = query.get("storeId");
        Long storeId = storeIdText == null ? null : (long) intParam(query, "storeId", 0, 1, Integer.MAX_VALUE);
        ActionType action = query.containsKey("action") ? action(query.get("action")) : null;
        AuditLog.AuditQuery filter = new AuditLog.AuditQuery(storeId, store == null || store.isBlank() ? null : store.strip(),
                action, (int) offset, size);
        return ApiResponse.ok(new ActivityPage(page, size, audit.count(filter),
                audit.page(filter).stream().map(AuditView::of).toList()));
    }

    private static ActionType action(String text) {
        String wanted = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_');
        for (ActionType type : ActionType.values()) {
            if (type.name().equals(wanted)) {
                return type;
            }
        }
        throw ValidationException.of("action", "Action '" + text + "' is not known; the actions are: "
                + Arrays.stream(ActionType.values()).map(a -> a.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + ".");
    }
}
