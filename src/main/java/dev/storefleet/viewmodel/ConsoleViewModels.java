package dev.storefleet.viewmodel;

import dev.storefleet.service.AuditService;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.InspectionService;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.OrderService;
import dev.storefleet.service.PodService;
import dev.storefleet.service.RolloutService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.viewmodel.activity.ActivityFeedViewModel;
import dev.storefleet.viewmodel.backups.BackupsViewModel;
import dev.storefleet.viewmodel.cluster.ClusterViewModel;
import dev.storefleet.viewmodel.metrics.MetricsViewModel;
import dev.storefleet.viewmodel.orders.OrdersViewModel;
import dev.storefleet.viewmodel.pods.PodsViewModel;
import dev.storefleet.viewmodel.rollout.RolloutsViewModel;
import dev.storefleet.viewmodel.storeform.StoreFormViewModel;
import dev.storefleet.viewmodel.storetable.StoreTableViewModel;
import java.util.concurrent.CompletableFuture;
import javafx.beans.binding.Bindings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every view-model of the console, made over the services; {@link #load()} fills them. */
public record ConsoleViewModels(ClusterViewModel cluster, StoreFormViewModel form, StoreTableViewModel table,
        OrdersViewModel orders, PodsViewModel pods, MetricsViewModel metrics, ActivityFeedViewModel activity,
        RolloutsViewModel rollouts, BackupsViewModel backups) {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleViewModels.class);

    public static ConsoleViewModels create(StoreService stores, InspectionService inspection, OrderService orderService,
            PodService podService, AuditService audit, MetricsService metricsService, FleetHealth health,
            StoreEvents events, ClusterAccess access, RolloutService rolloutService, BackupService backupService,
            UiExecutors executors, String actor) {
        ClusterViewModel cluster = new ClusterViewModel(access, health, events, executors);
        StoreFormViewModel form = new StoreFormViewModel(stores, executors, actor,
                Bindings.equal(ClusterViewModel.Health.REACHABLE, cluster.healthProperty()));
        StoreTableViewModel table = new StoreTableViewModel(stores, orderService, inspection, health, events, executors, actor);
        OrdersViewModel orders = new OrdersViewModel(orderService, events, table.selectedProperty(), executors, actor);
        PodsViewModel pods = new PodsViewModel(podService, table.selectedProperty(), executors);
        MetricsViewModel metrics = new MetricsViewModel(metricsService, stores, health, events, executors);
        ActivityFeedViewModel activity = new ActivityFeedViewModel(audit, events, executors);
        // The Rollouts page plans over the table's rows, selection and bundled charts: one reading of the fleet.
        RolloutsViewModel rollouts = new RolloutsViewModel(rolloutService, stores, table, executors, actor);
        BackupsViewModel backups = new BackupsViewModel(backupService, table.selectedProperty(), executors, actor);
        return new ConsoleViewModels(cluster, form, table, orders, pods, metrics, activity, rollouts, backups);
    }

    /**
     * Reads contexts, checks the cluster, loads stores, metrics and activity, all in the background.
     * The store table comes first: it is what the operator waits for, and the charts and the feed
     * read the audit log, which grows without bound, so on a two-core laptop they would compete with
     * it. They start once the table is filled (or failed to fill).
     */
    public Loading load() {
        CompletableFuture<Void> clusterChecked = cluster.load();
        CompletableFuture<Void> tableFilled = table.load().whenComplete((ok, failure) -> {
            if (failure == null) {
                // One line the start-up benchmark (bench/ui-startup) waits for; useful in a user's log too.
                LOG.info("Store table filled with {} stores", table.rows().size());
            }
        });
        CompletableFuture<Void> settled = tableFilled.handle((ok, failure) -> null);
        CompletableFuture<Void> auditRead = settled
                .thenCompose(ignored -> CompletableFuture.allOf(metrics.refresh(), activity.reload()));
        return new Loading(settled, CompletableFuture.allOf(clusterChecked, tableFilled, auditRead));
    }

    /**
     * Stops what the view-models follow and run on their own (service events, polls, log follows),
     * for good; the app calls it (FX thread) when the window closes.
     */
    public void close() {
        rollouts.dispose();
        activity.dispose();
        metrics.dispose();
        orders.dispose();
        pods.dispose();
        table.dispose();
    }

    /**
     * A start in progress: {@code tableSettled} completes when the store table is filled or failed
     * to fill (other start-up work can queue behind it), {@code everything} when every view is loaded.
     */
    public record Loading(CompletableFuture<Void> tableSettled, CompletableFuture<Void> everything) {
    }
}
