package dev.storefleet.api;

import dev.storefleet.domain.StoreStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the API test classes whose tests share one running server and one READY store, made
 * once per class (a store takes seconds to provision); each test leaves that store as it found it.
 */
abstract class SharedStoreApiTest {
    static final String SHOP = "Shared Shop";

    @TempDir
    static Path dir;
    static ApiFixture fx;
    /** The id of {@link #SHOP}, owned by alice. */
    static long storeId;

    @BeforeAll
    static void startApiWithAReadyStore() throws Exception {
        fx = new ApiFixture(dir);
        storeId = fx.create(SHOP, "alice");
        fx.awaitStatus(storeId, StoreStatus.READY);
    }

    @AfterAll
    static void stopApi() {
        fx.close();
    }
}
