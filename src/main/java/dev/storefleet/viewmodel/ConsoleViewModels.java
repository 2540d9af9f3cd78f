package dev.storefleet.viewmodel;

import dev.storefleet.service.AuditService;
import dev.storefleet.service.InspectionService;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.viewmodel.activity.ActivityFeedViewModel;
import dev.storefleet.viewmodel.cluster.ClusterViewModel;
import dev.storefleet.viewmodel.metrics.MetricsViewModel;
import dev.storefleet.viewmodel.orders.OrdersViewModel;
import dev.storefleet.viewmodel.storeform.StoreFormViewModel;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;

/** Every view-model of the console, made over the services; {@link #load()} fills them. */
public record ConsoleViewModels(ClusterViewModel cluster, StoreFormViewModel form, StoreTableViewModel table,
        OrdersViewModel orders, MetricsViewModel metrics, ActivityFeedViewModel activity) {

    public static ConsoleViewModels create(StoreService stores, InspectionService inspection, OrderService orderService,
            AuditService audit, MetricsService metricsService, StoreEvents events, ClusterAccess access,
            UiExecutors executors, String actor) {
        ClusterViewModel cluster = new ClusterViewModel(access, executors);
        StoreFormViewModel form = new StoreFormViewModel(stores, executors, actor,
                Bindings.equal(ClusterViewModel.Health.REACHABLE, cluster.healthProperty()));
        StoreTableViewModel table = new StoreTableViewModel(stores, inspection, events, executors, actor);
        OrdersViewModel orders = new OrdersViewModel(orderService, events, table.selectedProperty(), executors, actor);
        MetricsViewModel metrics = new MetricsViewModel(metricsService, stores, events, executors);
        ActivityFeedViewModel activity = new ActivityFeedViewModel(audit, events, executors);
        return new ConsoleViewModels(cluster, form, table, orders, metrics, activity);
    }

    /** Reads contexts, checks the cluster, loads stores, metrics and activity, all in the background. */
    public CompletableFuture<Void> load() {
        return CompletableFuture.allOf(cluster.load(), table.load(), metrics.refresh(), activity.reload());
    }
}
