package dev.storefleet.viewmodel.metrics;

import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreMetrics;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.FleetHealth;
import dev.storefleet.service.MetricsService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.StoreService;
import dev.storefleet.service.port.AuditLog;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.CoalescingRefresh;
import dev.storefleet.viewmodel.Command;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The metrics panel's state: the DESIGN.md counters, the READY stores that are degraded or gone
 * now (from {@link FleetHealth}), stores by status, provisioning results over time and
 * time-to-ready figures. Everything is read in the background in one go and
 * applied on the UI thread; audit and store events ask for a refresh, coalesced so a burst of
 * events costs about one refresh (see {@link CoalescingRefresh}).
 */
public final class MetricsViewModel {
    /** How long a burst of events may last before the panel catches up. */
    public static final Duration DEBOUNCE = Duration.ofMillis(400);
    /** The time-to-ready histogram's upper bounds; the last bucket is open. */
    static final List<Duration> READY_TIME_BOUNDS = List.of(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10));

    /** The window of the "provisioning outcomes over time" chart. */
    public enum OutcomeRange {
        LAST_24_HOURS("Last 24 hours", ChronoUnit.HOURS, 24, "HH:mm"),
        LAST_30_DAYS("Last 30 days", ChronoUnit.DAYS, 30, "MMM d");

        private final String label;
        private final ChronoUnit unit;
        private final int buckets;
        private final DateTimeFormatter format;

        OutcomeRange(String label, ChronoUnit unit, int buckets, String pattern) {
            this.label = label;
            this.unit = unit;
            this.buckets = buckets;
            this.format = DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH);
        }

        /** The first bucket's start: whole hours or days in the clock's zone, ending with the current one. */
        ZonedDateTime start(Clock clock) {
            return ZonedDateTime.now(clock).truncatedTo(unit).minus(buckets - 1L, unit);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A slice of "stores by status": the status, its lower-case label and how many stores are in it. */
    public record StatusCount(StoreStatus status, String label, long count) {
    }

    /** One bucket of the outcomes chart, labelled for the axis. */
    public record OutcomePoint(String label, Instant start, long succeeded, long failed) {
    }

    /** One bar of the time-to-ready histogram. */
    public record ReadyTimeBar(String label, long count) {
    }

    private record Snapshot(StoreMetrics metrics, List<Store> stores, List<AuditLog.OutcomeBucket> outcomes,
            OutcomeRange range, ZonedDateTime rangeStart, List<AuditLog.DurationBucket> readyTimes,
            Map<StoreHealth.State, Long> health, Instant at) {
    }

    private final MetricsService metrics;
    private final StoreService stores;
    private final FleetHealth health;
    private final UiExecutors executors;
    private final Clock clock;
    private final CoalescingRefresh coalescing;
    private final Runnable unsubscribe;
    private final AtomicInteger refreshes = new AtomicInteger();

    private final ReadOnlyLongWrapper activeStores = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper provisioningCount = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper failureCount = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper upgradeCount = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper rollbackCount = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper retryCount = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper ordersPlaced = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper degradedStores = new ReadOnlyLongWrapper();
    private final ReadOnlyLongWrapper goneStores = new ReadOnlyLongWrapper();
    /** Each judged store's last state, as the events said: only a change of state moves a counter. */
    private final Map<Long, StoreHealth.State> healthStates = new ConcurrentHashMap<>();
    private final ReadOnlyObjectWrapper<StoreMetrics.TimeToReady> timeToReady =
            new ReadOnlyObjectWrapper<>(StoreMetrics.TimeToReady.NONE);
    private final ReadOnlyStringWrapper readyAverage = new ReadOnlyStringWrapper(NO_FIGURE);
    private final ReadOnlyStringWrapper readyMedian = new ReadOnlyStringWrapper(NO_FIGURE);
    private final ReadOnlyStringWrapper readyP90 = new ReadOnlyStringWrapper(NO_FIGURE);
    private final ReadOnlyStringWrapper readyMax = new ReadOnlyStringWrapper(NO_FIGURE);
    private final ObservableList<StatusCount> storesByStatus = FXCollections.observableArrayList();
    private final ObservableList<OutcomePoint> outcomes = FXCollections.observableArrayList();
    private final ObservableList<ReadyTimeBar> readyTimes = FXCollections.observableArrayList();
    // Read-only views made once: a view's listener on a fresh wrapper would be lost when the wrapper is collected.
    private final ObservableList<StatusCount> storesByStatusView = FXCollections.unmodifiableObservableList(storesByStatus);
    private final ObservableList<OutcomePoint> outcomesView = FXCollections.unmodifiableObservableList(outcomes);
    private final ObservableList<ReadyTimeBar> readyTimesView = FXCollections.unmodifiableObservableList(readyTimes);
    private final ObjectProperty<OutcomeRange> outcomeRange = new SimpleObjectProperty<>(OutcomeRange.LAST_24_HOURS);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper updated = new ReadOnlyStringWrapper("");
    private final Command refreshCommand;

    static final String NO_FIGURE = "—";
    private static final DateTimeFormatter UPDATED_AT = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);

    /** For the app: events are coalesced with {@link #DEBOUNCE}, labels use the system time zone. */
    public MetricsViewModel(MetricsService metrics, StoreService stores, FleetHealth health, StoreEvents events,
            UiExecutors executors) {
        this(metrics, stores, health, events, executors,
                CompletableFuture.delayedExecutor(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS, executors.background()),
                Clock.systemDefaultZone());
    }

    /**
     * @param debounced runs a task after the debounce; tests pass a queue they drain by hand
     * @param clock     "now" for the outcomes window, and the zone of its labels
     */
    public MetricsViewModel(MetricsService metrics, StoreService stores, FleetHealth health, StoreEvents events,
            UiExecutors executors, Executor debounced, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics);
        this.stores = Objects.requireNonNull(stores);
        this.health = Objects.requireNonNull(health);
        this.executors = Objects.requireNonNull(executors);
        this.clock = Objects.requireNonNull(clock);
        this.coalescing = new CoalescingRefresh(debounced, this::load);
        this.refreshCommand = new Command(Bindings.createBooleanBinding(() -> true), this::refresh);
        this.unsubscribe = events.subscribe(new StoreEvents.Listener() {
            @Override
            public void audited(AuditEvent event) {
                coalescing.request();
            }

            @Override
            public void storeChanged(Store store) {
                coalescing.request(); // a status change moves a slice of "stores by status"
            }

            @Override
            public void storeRemoved(long storeId) {
                coalescing.request();
            }

            @Override
            public void healthChanged(long storeId, StoreHealth judged) {
                // A crash-looping pod changes the reason's words at every restart: not a refresh each time.
                StoreHealth.State before = judged == null ? healthStates.remove(storeId)
                        : healthStates.put(storeId, judged.state());
                if (before != (judged == null ? null : judged.state())) {
                    coalescing.request();
                }
            }
        });
        outcomeRange.addListener((obs, old, now) -> refresh());
    }

    /** Reads everything now (joining a refresh already under way); completes once the UI has it. */
    public CompletableFuture<Void> refresh() {
        return coalescing.requestNow();
    }

    /** Stops following events; call when the panel is closed for good. */
    public void dispose() {
        unsubscribe.run();
    }

    private CompletableFuture<?> load() {
        refreshes.incrementAndGet();
        OutcomeRange range = outcomeRange.get();
        executors.ui().execute(() -> loading.set(true));
        return BackgroundTask.of(() -> read(range)).onSuccess(this::apply).onFailure(this::failed)
                .named("reading the metrics").run(executors);
    }

    /** Background: three aggregate queries, the store list and the health counts; no audit rows are loaded. */
    private Snapshot read(OutcomeRange range) {
        ZonedDateTime start = range.start(clock);
        Duration size = Duration.of(1, range.unit);
        return new Snapshot(metrics.snapshot(), stores.list(),
                metrics.provisioningOutcomes(start.toInstant(), size, range.buckets), range, start,
                metrics.timeToReadyDistribution(READY_TIME_BOUNDS), health.counts(), clock.instant());
    }

    private void apply(Snapshot s) {
        StoreMetrics m = s.metrics();
        activeStores.set(m.activeStores());
        provisioningCount.set(m.provisioningCount());
        failureCount.set(m.failureCount());
        upgradeCount.set(m.upgradeCount());
        rollbackCount.set(m.rollbackCount());
        retryCount.set(m.retryCount());
        ordersPlaced.set(m.ordersPlaced());
        degradedStores.set(s.health().getOrDefault(StoreHealth.State.DEGRADED, 0L));
        goneStores.set(s.health().getOrDefault(StoreHealth.State.GONE, 0L));
        StoreMetrics.TimeToReady ready = m.timeToReady();
        timeToReady.set(ready);
        boolean anyReady = ready.count() > 0;
        readyAverage.set(anyReady ? formatMillis(ready.averageMs()) : NO_FIGURE);
        readyMedian.set(anyReady ? formatMillis(ready.medianMs()) : NO_FIGURE);
        readyP90.set(anyReady ? formatMillis(ready.p90Ms()) : NO_FIGURE);
        readyMax.set(anyReady ? formatMillis(ready.maxMs()) : NO_FIGURE);

        Map<StoreStatus, Long> byStatus = new EnumMap<>(StoreStatus.class);
        s.stores().forEach(store -> byStatus.merge(store.status(), 1L, Long::sum));
        List<StatusCount> slices = new ArrayList<>();
        byStatus.forEach((status, count) -> slices.add(new StatusCount(status, status.label(), count)));
        storesByStatus.setAll(slices);

        List<OutcomePoint> points = new ArrayList<>();
        for (AuditLog.OutcomeBucket b : s.outcomes()) {
            String label = s.range().format.format(b.start().atZone(s.rangeStart().getZone()));
            points.add(new OutcomePoint(label, b.start(), b.succeeded(), b.failed()));
        }
        outcomes.setAll(points);

        List<ReadyTimeBar> bars = new ArrayList<>();
        for (AuditLog.DurationBucket b : s.readyTimes()) {
            bars.add(new ReadyTimeBar(b.to() == null ? "≥ " + formatBound(b.from())
                    : b.from().isZero() ? "< " + formatBound(b.to())
                    : formatBound(b.from()) + "–" + formatBound(b.to()), b.count()));
        }
        readyTimes.setAll(bars);

        empty.set(s.stores().isEmpty() && m.provisioningCount() == 0 && m.upgradeCount() == 0
                && m.rollbackCount() == 0 && m.activeStores() == 0);
        updated.set("Updated at " + UPDATED_AT.format(s.at().atZone(clock.getZone())));
        error.set("");
        loaded.set(true);
        loading.set(false);
    }

    private void failed(Throwable failure) {
        error.set(ErrorMessages.of(failure));
        loading.set(false);
    }

    /** "850 ms", "12.4 s", "3 min 05 s", "1 h 02 min". */
    static String formatMillis(double ms) {
        if (ms < 1000) {
            return Math.round(ms) + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ENGLISH, "%.1f s", ms / 1000);
        }
        long seconds = Math.round(ms / 1000);
        if (seconds < 3600) {
            return String.format(Locale.ENGLISH, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ENGLISH, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    private static String formatBound(Duration d) {
        return d.toSeconds() < 60 ? d.toSeconds() + " s" : d.toMinutes() + " min";
    }

    // ---- what the view binds to -----------------------------------------------------------

    public ReadOnlyLongProperty activeStoresProperty() {
        return activeStores.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty provisioningCountProperty() {
        return provisioningCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty failureCountProperty() {
        return failureCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty upgradeCountProperty() {
        return upgradeCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty rollbackCountProperty() {
        return rollbackCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty retryCountProperty() {
        return retryCount.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty ordersPlacedProperty() {
        return ordersPlaced.getReadOnlyProperty();
    }

    /** READY stores with a workload or pod not ready, now. */
    public ReadOnlyLongProperty degradedStoresProperty() {
        return degradedStores.getReadOnlyProperty();
    }

    /** READY stores whose namespace or release was removed outside the console (drift), now. */
    public ReadOnlyLongProperty goneStoresProperty() {
        return goneStores.getReadOnlyProperty();
    }

    /** The raw figures; the *TextProperty methods give them in words. */
    public ReadOnlyObjectProperty<StoreMetrics.TimeToReady> timeToReadyProperty() {
        return timeToReady.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readyAverageTextProperty() {
        return readyAverage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readyMedianTextProperty() {
        return readyMedian.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readyP90TextProperty() {
        return readyP90.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty readyMaxTextProperty() {
        return readyMax.getReadOnlyProperty();
    }

    /** Only statuses that have stores, in lifecycle order. */
    public ObservableList<StatusCount> storesByStatus() {
        return storesByStatusView;
    }

    /** Every bucket of {@link #outcomeRangeProperty()}, oldest first. */
    public ObservableList<OutcomePoint> provisioningOutcomes() {
        return outcomesView;
    }

    public ObservableList<ReadyTimeBar> readyTimeDistribution() {
        return readyTimesView;
    }

    /** Chosen by the user (the view binds a choice box to it); changing it refreshes. */
    public ObjectProperty<OutcomeRange> outcomeRangeProperty() {
        return outcomeRange;
    }

    public List<OutcomeRange> outcomeRanges() {
        return List.of(OutcomeRange.values());
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** True once figures have been read at least once (before that the panel shows it is loading). */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** No stores and nothing done yet: the view shows its "no data yet" state. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    /** Empty when all is well; otherwise what went wrong, in words. Earlier figures stay shown. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "Updated at 14:02:11", empty before the first read. */
    public ReadOnlyStringProperty updatedTextProperty() {
        return updated.getReadOnlyProperty();
    }

    public Command refreshCommand() {
        return refreshCommand;
    }

    /** How many refreshes have started (for tests of the coalescing). */
    int refreshCount() {
        return refreshes.get();
    }
}
