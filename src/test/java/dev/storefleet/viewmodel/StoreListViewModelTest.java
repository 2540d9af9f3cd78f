package dev.storefleet.viewmodel;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.ServiceFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No toolkit: the view-model runs with direct executors over the real services. */
class StoreListViewModelTest {
    @TempDir
    Path dir;
    private final Executor direct = Runnable::run;

    @Test
    void refreshLoadsStoresAndEventsKeepThemLive() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            fx.create("Existing", "alice");
            fx.settle();
            StoreListViewModel vm = new StoreListViewModel(fx.stores(), fx.app().events(), direct, direct);
            vm.refresh().get();
            assertEquals(1, vm.stores().size());
            assertFalse(vm.loadingProperty().get());

            var added = fx.create("Added", "bob");
            fx.settle();
            assertEquals(2, vm.stores().size());
            assertEquals(StoreStatus.READY, vm.snapshot().get(1).status(), "updated in place as it progressed");

            fx.stores().delete(added.id(), "ops");
            fx.settle();
            assertEquals(1, vm.stores().size());
            assertEquals("", vm.errorProperty().get());
        }
    }

    @Test
    void databaseFailureIsShownInWords() throws Exception {
        try (ServiceFixture fx = new ServiceFixture(dir)) {
            StoreListViewModel vm = new StoreListViewModel(fx.stores(), fx.app().events(), direct, direct);
            try (Connection c = fx.jdbc(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
            vm.refresh().get();
            assertTrue(vm.errorProperty().get().startsWith("The local database failed while listing stores"),
                    vm.errorProperty().get());
            assertFalse(vm.loadingProperty().get());
        }
    }
}
