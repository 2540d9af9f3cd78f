package dev.storefleet.viewmodel.activity;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.service.port.AuditLog.AuditQuery;
import dev.storefleet.viewmodel.BackgroundTask;
import dev.storefleet.viewmodel.CoalescingRefresh;
import dev.storefleet.viewmodel.ErrorMessages;
import dev.storefleet.viewmodel.UiExecutors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The activity feed: the audit log newest first, filtered by store name and action, paged
 * from the database as the user scrolls (so 100,000 rows never load at once), kept live from
 * audit events, and exported to CSV in the background.
 *
 * <p>Rows are never loaded on the UI thread; a filter change starts a new load and the answer
 * of an older one is dropped. Paging is by offset; a row that arrives live shifts the offsets,
 * so every row is kept once by its id and nothing is skipped.
 */
public final class ActivityFeedViewModel {
    public static final int DEFAULT_PAGE_SIZE = 500;
    /** Load the next page when the user is this close to the end of the loaded rows. */
    static final int PREFETCH = 100;
    static final int EXPORT_PAGE_SIZE = 2_000;
    /** How long typing in the filter may pause before the feed is read again. */
    public static final Duration DEBOUNCE = Duration.ofMillis(250);

    /** An entry of the action filter; {@link #ALL} is "All actions". */
    public record ActionOption(ActionType action) {
        public static final ActionOption ALL = new ActionOption(null);

        @Override
        public String toString() {
            return action == null ? "All actions" : action.label();
        }
    }

    private record Filter(String storeNameContains, ActionType action) {
        AuditQuery page(int offset, int limit) {
            return new AuditQuery(null, storeNameContains, action, offset, limit);
        }

        /** The same test as the SQL: case-insensitive "contains" on the store name, equal action. */
        boolean matches(AuditEvent event) {
            if (action != null && event.action() != action) {
                return false;
            }
            return storeNameContains == null || event.storeName() != null
                    && event.storeName().toLowerCase(Locale.ROOT).contains(storeNameContains.toLowerCase(Locale.ROOT));
        }
    }

    private record FirstPage(List<AuditEvent> rows, long count) {
    }

    private final AuditService audit;
    private final UiExecutors executors;
    private final int pageSize;
    private final DateTimeFormatter timeFormat;
    private final Runnable unsubscribe;
    /** Filter edits wait {@link #DEBOUNCE} and share one reload; at most one reload runs at a time. */
    private final CoalescingRefresh reloads;

    private final ObservableList<FeedRow> rows = FXCollections.observableArrayList();
    /** Made once: a listener on a fresh read-only wrapper would be lost when the wrapper is collected. */
    private final ObservableList<FeedRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final Set<Long> shownIds = new HashSet<>();
    private final StringProperty storeFilter = new SimpleStringProperty("");
    private final ObjectProperty<ActionOption> actionFilter = new SimpleObjectProperty<>(ActionOption.ALL);
    private final List<ActionOption> actionOptions;
    private final ReadOnlyLongWrapper totalCount = new ReadOnlyLongWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper hasMore = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper exporting = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper exportStatus = new ReadOnlyStringWrapper("");
    private final StringBinding countText;
    private final StringBinding placeholder;

    /** Filter of the rows shown; replaced (on the UI thread) when the user changes a filter. */
    private Filter filter = new Filter(null, null);
    /** Bumped by every reload: answers of older loads are dropped. */
    private long generation;
    private boolean pageLoading;
    private boolean firstPageLoading;
    /** Live rows that arrived while the first page was loading: merged into it when it lands. */
    private final List<AuditEvent> arrivedWhileLoading = new ArrayList<>();

    /**
     * For the app: pages of {@value #DEFAULT_PAGE_SIZE}, times in the system time zone, filter edits
     * debounced by {@link #DEBOUNCE} on the UI thread.
     */
    public ActivityFeedViewModel(AuditService audit, StoreEvents events, UiExecutors executors) {
        this(audit, events, executors, DEFAULT_PAGE_SIZE, ZoneId.systemDefault(),
                CompletableFuture.delayedExecutor(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS, executors.ui()));
    }

    /**
     * @param debounced runs a reload after the debounce, on the UI thread (the reload reads the
     *                  filter there); tests pass a queue they drain by hand, or Runnable::run
     */
    public ActivityFeedViewModel(AuditService audit, StoreEvents events, UiExecutors executors, int pageSize,
            ZoneId zone, Executor debounced) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive");
        }
        this.audit = Objects.requireNonNull(audit);
        this.executors = Objects.requireNonNull(executors);
        this.pageSize = pageSize;
        this.timeFormat = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(zone);
        List<ActionOption> options = new ArrayList<>();
        options.add(ActionOption.ALL);
        Stream.of(ActionType.values()).map(ActionOption::new).forEach(options::add);
        this.actionOptions = Collections.unmodifiableList(options);

        NumberFormat grouping = NumberFormat.getIntegerInstance(Locale.ENGLISH);
        countText = Bindings.createStringBinding(() -> {
            if (!loaded.get()) {
                return "";
            }
            long n = totalCount.get();
            return grouping.format(n) + (n == 1 ? " event" : " events");
        }, totalCount, loaded);
        placeholder = Bindings.createStringBinding(() -> {
            if (!error.get().isEmpty()) {
                return "The activity could not be loaded.";
            }
            if (!loaded.get()) {
                return "Loading activity…";
            }
            boolean filtered = storeFilter.get() != null && !storeFilter.get().isBlank()
                    || actionFilter.get() != null && actionFilter.get().action() != null;
            return filtered ? "No events match the filter."
                    : "No activity yet. Every action on a store appears here as it happens.";
        }, error, loaded, totalCount, storeFilter, actionFilter);

        reloads = new CoalescingRefresh(debounced, this::load);
        storeFilter.addListener((obs, old, now) -> reloads.request());
        actionFilter.addListener((obs, old, now) -> reloads.request());
        this.unsubscribe = events.subscribe(new StoreEvents.Listener() {
            @Override
            public void audited(AuditEvent event) {
                executors.ui().execute(() -> arrived(event));
            }
        });
    }

    // ---- loading --------------------------------------------------------------------------

    /**
     * Loads the first page and the count for the current filter now (joining a load under way);
     * completes once the UI has them.
     */
    public CompletableFuture<Void> reload() {
        return reloads.requestNow();
    }

    /** One reload (UI thread): both queries run in one background task. */
    private CompletableFuture<Void> load() {
        String text = storeFilter.get() == null ? "" : storeFilter.get().strip();
        ActionOption option = actionFilter.get();
        Filter wanted = new Filter(text.isEmpty() ? null : text, option == null ? null : option.action());
        filter = wanted;
        long mine = ++generation;
        arrivedWhileLoading.clear();
        pageLoading = true;
        firstPageLoading = true;
        loading.set(true);
        return BackgroundTask.of(() -> new FirstPage(audit.page(wanted.page(0, pageSize)), audit.count(wanted.page(0, 0))))
                .onSuccess(page -> {
                    if (mine != generation) {
                        return; // the filter changed meanwhile; a newer load is under way
                    }
                    shownIds.clear();
                    List<FeedRow> first = new ArrayList<>(page.rows().size());
                    for (AuditEvent event : page.rows()) {
                        if (shownIds.add(event.id())) {
                            first.add(rowOf(event));
                        }
                    }
                    rows.setAll(first); // one change for the table, not a clear and an add
                    totalCount.set(page.count());
                    for (AuditEvent late : arrivedWhileLoading) {
                        if (!shownIds.contains(late.id())) {
                            insertLive(late); // committed after the page was read
                            totalCount.set(totalCount.get() + 1);
                        }
                    }
                    arrivedWhileLoading.clear();
                    hasMore.set(page.rows().size() == pageSize);
                    error.set("");
                    loaded.set(true);
                    finishLoading();
                })
                .onFailure(failure -> {
                    if (mine == generation) {
                        error.set(ErrorMessages.of(failure));
                        hasMore.set(false);
                        finishLoading();
                    }
                })
                .named("reading the activity")
                .run(executors);
    }

    /** Loads the next page after the rows shown, unless one is loading or there is no more. */
    public CompletableFuture<Void> loadMore() {
        if (pageLoading || !hasMore.get()) {
            return CompletableFuture.completedFuture(null);
        }
        Filter current = filter;
        long mine = generation;
        // Rows that arrived live sit at the top, so the count shown is the offset of the next page.
        int offset = rows.size();
        pageLoading = true;
        loading.set(true);
        return BackgroundTask.of(() -> audit.page(current.page(offset, pageSize)))
                .onSuccess(page -> {
                    if (mine != generation) {
                        return;
                    }
                    addAtEnd(page);
                    hasMore.set(page.size() == pageSize);
                    finishLoading();
                })
                .onFailure(failure -> {
                    if (mine == generation) {
                        error.set(ErrorMessages.of(failure));
                        finishLoading();
                    }
                })
                .named("reading more activity")
                .run(executors);
    }

    /** The view tells which row it is showing; near the end of the loaded rows, the next page loads. */
    public void rowShown(int index) {
        if (index >= rows.size() - PREFETCH) {
            loadMore();
        }
    }

    private void finishLoading() {
        pageLoading = false;
        firstPageLoading = false;
        loading.set(false);
    }

    private void addAtEnd(List<AuditEvent> events) {
        List<FeedRow> fresh = new ArrayList<>(events.size());
        for (AuditEvent event : events) {
            // A row seen twice (offsets shifted by live rows) is kept once.
            if (shownIds.add(event.id())) {
                fresh.add(rowOf(event));
            }
        }
        rows.addAll(fresh);
    }

    /** A new audit row (UI thread): shown at the top if it matches the filter. */
    private void arrived(AuditEvent event) {
        if (event.id() == null || !filter.matches(event)) {
            return;
        }
        if (firstPageLoading) {
            arrivedWhileLoading.add(event); // the page being read may or may not have it
        }
        if (shownIds.contains(event.id())) {
            return;
        }
        insertLive(event);
        totalCount.set(totalCount.get() + 1);
    }

    /** Newest first by id: nearly always at the top; below any newer row that came in first. */
    private void insertLive(AuditEvent event) {
        shownIds.add(event.id());
        int at = 0;
        while (at < rows.size() && rows.get(at).id() > event.id()) {
            at++;
        }
        rows.add(at, rowOf(event));
    }

    FeedRow rowOf(AuditEvent e) {
        return new FeedRow(e, timeFormat.format(e.occurredAt()), e.action().label(), outcomeLabel(e.outcome()),
                e.storeName() == null ? "" : e.storeName(), e.actor(), oneLine(e.detail()));
    }

    private static String outcomeLabel(Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "success";
            case FAILURE -> "failure";
            case REJECTED -> "rejected";
        };
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ⏎ ");
    }

    // ---- export ---------------------------------------------------------------------------

    /**
     * Writes every row matching the current filter to {@code file} as CSV (RFC 4180, UTF-8, a
     * header row, times in ISO-8601 UTC), newest first, reading page by page in the background.
     * The file appears complete or not at all. Completes with the number of rows written, after
     * the UI shows the outcome.
     */
    public CompletableFuture<Long> exportCsv(Path file) {
        Objects.requireNonNull(file);
        Filter current = filter;
        exporting.set(true);
        exportStatus.set("Exporting to " + file.getFileName() + "…");
        return BackgroundTask.of(() -> {
            try {
                return CsvExport.write(file, (offset, limit) -> audit.page(current.page(offset, limit)),
                        EXPORT_PAGE_SIZE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).always(() -> exporting.set(false))
                .onSuccess(written -> exportStatus.set("Exported "
                        + NumberFormat.getIntegerInstance(Locale.ENGLISH).format(written)
                        + (written == 1 ? " event to " : " events to ") + file))
                .onFailure(failure -> exportStatus.set("Export failed: " + exportMessage(failure, file)))
                .named("exporting the activity to " + file)
                .result(executors);
    }

    private static String exportMessage(Throwable failure, Path file) {
        if (failure instanceof UncheckedIOException io) {
            return "could not write " + file + " (" + io.getCause().getMessage() + "). Nothing was written;"
                    + " choose another place and try again.";
        }
        return ErrorMessages.of(failure);
    }

    /** Stops following events; call when the feed is closed for good. */
    public void dispose() {
        unsubscribe.run();
    }

    // ---- what the view binds to -----------------------------------------------------------

    /** Loaded rows, newest first; grows as the user scrolls ({@link #rowShown}) and as events arrive. */
    public ObservableList<FeedRow> rows() {
        return rowsView;
    }

    /** Text the store name must contain (any case); empty for all. Editing it reloads. */
    public StringProperty storeFilterProperty() {
        return storeFilter;
    }

    /** The action to show, or {@link ActionOption#ALL}. Changing it reloads. */
    public ObjectProperty<ActionOption> actionFilterProperty() {
        return actionFilter;
    }

    /** "All actions" first, then every action type. */
    public List<ActionOption> actionOptions() {
        return actionOptions;
    }

    /** Rows matching the filter in the whole log (not only those loaded). */
    public ReadOnlyLongProperty totalCountProperty() {
        return totalCount.getReadOnlyProperty();
    }

    /** "12,345 events"; empty before the first load. */
    public ObservableStringValue countTextProperty() {
        return countText;
    }

    /** What the empty table says: loading, no activity yet, nothing matches, or could not load. */
    public ObservableStringValue placeholderProperty() {
        return placeholder;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty hasMoreProperty() {
        return hasMore.getReadOnlyProperty();
    }

    /** Empty when all is well; otherwise what went wrong, in words. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty exportingProperty() {
        return exporting.getReadOnlyProperty();
    }

    /** The last export's progress or outcome, in words; empty before any. */
    public ReadOnlyStringProperty exportStatusProperty() {
        return exportStatus.getReadOnlyProperty();
    }
}
