package dev.storefleet.viewmodel.activity;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.service.FakeCluster.Step;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.service.port.AuditLog.AuditQuery;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.activity.ActivityFeedViewModel.ActionOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No toolkit: direct executors over the real services and a real H2 file. */
class ActivityFeedViewModelTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static ActivityFeedViewModel feed(ServiceFixture fx, int pageSize) {
        return new ActivityFeedViewModel(fx.app().audit(), fx.app().events(), UiExecutors.direct(), pageSize,
                ZoneId.of("UTC"), Runnable::run); // no debounce: a filter edit reloads at once
    }

    @Test
    void newestFirstAndLiveWithoutReloading() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            ActivityFeedViewModel vm = feed(fx, 500);
            assertEquals("Loading activity…", vm.placeholderProperty().get());
            vm.reload().get(5, TimeUnit.SECONDS);
            assertTrue(vm.rows().isEmpty());
            assertEquals("0 events", vm.countTextProperty().get());
            assertEquals("No activity yet. Every action on a store appears here as it happens.",
                    vm.placeholderProperty().get());

            fx.create("Shop", "alice");
            fx.settle();
            List<AuditEvent> db = fx.auditNewestFirst();
            assertEquals(3, db.size(), "create, provision started, provision succeeded");
            assertEquals(ids(db), ids(vm.rows()), "arrived live, newest first, no reload");
            assertEquals(3, vm.totalCountProperty().get());
            assertEquals("3 events", vm.countTextProperty().get());

            FeedRow top = vm.rows().get(0);
            assertEquals("provision succeeded", top.action());
            assertEquals("success", top.outcome());
            assertEquals("Shop", top.store());
            assertEquals(ServiceFixture.ACTOR, top.actor());
            assertTrue(top.time().matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"), top.time());

            vm.reload().get(5, TimeUnit.SECONDS);
            assertEquals(ids(db), ids(vm.rows()), "a reload gives the same rows");
            vm.dispose();
            fx.create("Other", "bob");
            fx.settle();
            assertEquals(3, vm.rows().size(), "disposed: no longer follows events");
        }
    }

    @Test
    void filtersByStoreNameAndActionAndLiveRowsRespectThem() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.create("Blue Shop", "alice");
            fx.settle();
            fx.cluster().failNext(Step.INSTALL, 1);
            Store red = fx.create("Red Shop", "bob");
            fx.settle();
            ActivityFeedViewModel vm = feed(fx, 500);
            vm.reload().get(5, TimeUnit.SECONDS);
            assertEquals(6, vm.rows().size());

            vm.storeFilterProperty().set("  red ");
            assertEquals(3, vm.rows().size(), "case-insensitive, trimmed, reloaded on change");
            assertTrue(vm.rows().stream().allMatch(r -> r.store().equals("Red Shop")));
            assertEquals(3, vm.totalCountProperty().get());

            vm.actionFilterProperty().set(new ActionOption(ActionType.PROVISION_FAILED));
            assertEquals(1, vm.rows().size());
            assertEquals("failure", vm.rows().get(0).outcome());
            assertTrue(vm.rows().get(0).failed());
            assertEquals("1 event", vm.countTextProperty().get());

            fx.stores().retry(red.id(), "ops");
            fx.settle();
            assertEquals(1, vm.rows().size(), "retry, provision started/succeeded do not match 'provision failed'");

            vm.actionFilterProperty().set(ActionOption.ALL);
            assertEquals(6, vm.rows().size(), "Red Shop: create, started, failed, retry, started, succeeded");
            fx.create("Green", "carol");
            fx.settle();
            assertEquals(6, vm.rows().size(), "other stores' rows do not come in live");
            assertEquals(6, vm.totalCountProperty().get());

            vm.storeFilterProperty().set("nothing like it");
            assertTrue(vm.rows().isEmpty());
            assertEquals("No events match the filter.", vm.placeholderProperty().get());
            assertEquals("All actions", vm.actionOptions().get(0).toString());
            assertEquals(ActionType.values().length + 1, vm.actionOptions().size());
        }
    }

    @Test
    void typingInTheFilterReadsTheFeedOnceAfterThePauseOnTheBackgroundExecutor() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.create("Blue Shop", "alice");
            fx.create("Red Shop", "bob");
            fx.settle();
            AtomicInteger backgroundTasks = new AtomicInteger();
            Executor background = task -> {
                backgroundTasks.incrementAndGet();
                task.run();
            };
            List<Runnable> debounce = new ArrayList<>();
            ActivityFeedViewModel vm = new ActivityFeedViewModel(fx.app().audit(), fx.app().events(),
                    new UiExecutors(background, Runnable::run), 500, ZoneId.of("UTC"), debounce::add);
            vm.reload().get(5, TimeUnit.SECONDS);
            assertEquals(1, backgroundTasks.get(), "the page and the count are read in one background task");
            assertEquals(6, vm.rows().size());

            for (String typed : List.of("r", "re", "red")) {
                vm.storeFilterProperty().set(typed);
            }
            vm.actionFilterProperty().set(new ActionOption(ActionType.CREATE));
            assertEquals(1, backgroundTasks.get(), "nothing is read while the operator types");
            assertEquals(1, debounce.size(), "one read waits for the pause");
            debounce.remove(0).run();
            assertEquals(2, backgroundTasks.get(), "one read for the whole burst, on the background executor");
            assertEquals(List.of("Red Shop"), vm.rows().stream().map(FeedRow::store).toList(), "the last filter");
            assertEquals("create", vm.rows().get(0).action());
            assertTrue(debounce.isEmpty());
        }
    }

    @Test
    void pagesFromTheDatabaseAsTheUserScrolls() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            seed(fx, 5_000, "row");
            ActivityFeedViewModel vm = feed(fx, 500);
            vm.reload().get(5, TimeUnit.SECONDS);
            assertEquals(500, vm.rows().size(), "only the first page is loaded");
            assertEquals(5_000, vm.totalCountProperty().get());
            assertEquals("5,000 events", vm.countTextProperty().get());
            assertTrue(vm.hasMoreProperty().get());
            List<Long> all = ids(fx.app().audit().page(AuditQuery.latest(5_000)));
            assertEquals(all.subList(0, 500), ids(vm.rows()));

            vm.rowShown(100);
            assertEquals(500, vm.rows().size(), "far from the end: nothing more");
            vm.rowShown(420);
            assertEquals(1_000, vm.rows().size(), "near the end: the next page");
            assertEquals(all.subList(0, 1_000), ids(vm.rows()));

            // Rows that arrive live shift the offsets; nothing is skipped or shown twice.
            List<Long> live = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                live.add(fx.app().audit().append(new AuditEvent(null, Instant.now(), ActionType.ORDER_PLACED,
                        Outcome.SUCCESS, 1L, "Shop", "ops", "live " + i, null)).id());
            }
            assertEquals(List.of(live.get(2), live.get(1), live.get(0)), ids(vm.rows()).subList(0, 3));
            assertEquals(5_003, vm.totalCountProperty().get());
            while (vm.hasMoreProperty().get()) {
                vm.loadMore().get(5, TimeUnit.SECONDS);
            }
            List<Long> expected = new ArrayList<>(List.of(live.get(2), live.get(1), live.get(0)));
            expected.addAll(all);
            assertEquals(expected, ids(vm.rows()), "every row once, newest first");
            assertEquals(5_003, new HashSet<>(ids(vm.rows())).size());
        }
    }

    @Test
    void exportsTheFilteredRowsAsRfc4180Csv() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            seed(fx, 2_345, "plain");
            try (Connection c = fx.jdbc(); PreparedStatement s = c.prepareStatement("INSERT INTO audit_event"
                    + " (occurred_at, action, outcome, store_id, store_name, actor, detail, duration_ms)"
                    + " VALUES (?, 'PROVISION_FAILED', 'FAILURE', 7, ?, 'ops', ?, NULL)")) {
                s.setObject(1, OffsetDateTime.ofInstant(T0.plusMillis(123), ZoneOffset.UTC));
                s.setString(2, "Tricky, \"Shop\"");
                s.setString(3, "helm said \"no\", twice\nsecond line\r\nthird");
                s.executeUpdate();
            }
            ActivityFeedViewModel vm = feed(fx, 500);
            vm.reload().get(5, TimeUnit.SECONDS);

            Path all = dir.resolve("all.csv");
            assertEquals(2_346L, vm.exportCsv(all).get(30, TimeUnit.SECONDS), "all rows, not only the loaded page");
            String csv = Files.readString(all, StandardCharsets.UTF_8);
            List<String> records = records(csv);
            assertEquals(2_347, records.size(), "header and one record per row");
            assertEquals(CsvExport.HEADER, records.get(0));
            assertTrue(csv.endsWith("\r\n"));
            String tricky = records.get(1);
            assertTrue(tricky.matches("(?s)\\d+,2024-05-01T10:00:00\\.123Z,provision_failed,failure,7,.*"), tricky);
            assertTrue(tricky.endsWith(",\"Tricky, \"\"Shop\"\"\",ops,"
                    + "\"helm said \"\"no\"\", twice\nsecond line\r\nthird\","), tricky);
            assertTrue(records.get(2).endsWith(",plain 2344,42"), records.get(2));
            assertFalse(vm.exportingProperty().get());
            assertTrue(vm.exportStatusProperty().get().startsWith("Exported 2,346 events to "),
                    vm.exportStatusProperty().get());

            vm.storeFilterProperty().set("tricky");
            Path filtered = dir.resolve("filtered.csv");
            assertEquals(1L, vm.exportCsv(filtered).get(30, TimeUnit.SECONDS));
            assertEquals(2, records(Files.readString(filtered)).size());
            try (var listing = Files.list(dir)) {
                assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".part")),
                        "no temporary files left");
            }
        }
    }

    @Test
    void databaseFailureIsShownInWords() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.create("Shop", "alice");
            fx.settle();
            ActivityFeedViewModel vm = feed(fx, 500);
            vm.reload().get(5, TimeUnit.SECONDS);
            try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            vm.reload().get(5, TimeUnit.SECONDS);
            assertTrue(vm.errorProperty().get().startsWith("The local database failed while reading the audit log"),
                    vm.errorProperty().get());
            assertEquals("The activity could not be loaded.", vm.placeholderProperty().get());
            assertFalse(vm.loadingProperty().get());

            Path file = dir.resolve("out.csv");
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> vm.exportCsv(file).get(5, TimeUnit.SECONDS));
            assertNotNull(e.getCause());
            assertTrue(vm.exportStatusProperty().get().startsWith("Export failed: The local database failed"),
                    vm.exportStatusProperty().get());
            assertFalse(Files.exists(file), "no half-written file");
            assertFalse(vm.exportingProperty().get());
        }
    }

    @Test
    void csvFieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("plain", CsvExport.field("plain"));
        assertEquals("", CsvExport.field(null));
        assertEquals("\"a,b\"", CsvExport.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.field("say \"hi\""));
        assertEquals("\"two\nlines\"", CsvExport.field("two\nlines"));
        assertEquals("\"cr\rhere\"", CsvExport.field("cr\rhere"));
    }

    /** Rows written straight to the table, oldest first, one millisecond apart. */
    static void seed(ServiceFixture fx, int n, String detail) throws Exception {
        try (Connection c = fx.jdbc(); PreparedStatement s = c.prepareStatement("INSERT INTO audit_event"
                + " (occurred_at, action, outcome, store_id, store_name, actor, detail, duration_ms)"
                + " VALUES (?, ?, 'SUCCESS', 1, 'Shop', 'ops', ?, 42)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                s.setObject(1, OffsetDateTime.ofInstant(T0.minusSeconds(3600).plusMillis(i), ZoneOffset.UTC));
                s.setString(2, i % 2 == 0 ? "UPGRADE" : "ORDER_PLACED");
                s.setString(3, detail + " " + i);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }
    }

    /** Splits RFC 4180 text into records (CRLF outside quotes), keeping each record's text as written. */
    static List<String> records(String csv) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            }
            if (!quoted && ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                out.add(current.toString());
                current.setLength(0);
                i++;
            } else {
                current.append(ch);
            }
        }
        if (current.length() > 0) {
            out.add(current.toString());
        }
        return out;
    }

    private static List<Long> ids(List<?> rows) {
        return rows.stream().map(r -> r instanceof FeedRow f ? f.id() : ((AuditEvent) r).id()).toList();
    }
}
