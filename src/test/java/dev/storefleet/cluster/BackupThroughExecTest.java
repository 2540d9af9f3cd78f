package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.BackupService;
import dev.storefleet.service.FakeStoreOrders;
import dev.storefleet.service.MedusaStandIn;
import dev.storefleet.service.ServiceFixture;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.testcluster.ExecTestCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a restore of a Medusa store the whole way: the service, the real fabric8 client
 * opening the {@code pods/exec} WebSocket of the store's database pod on a test API server, which
 * relays it to a local process running the very argv sent (pg_dump, pg_restore) with the chart's
 * container environment, against a real PostgreSQL.
 */
@Timeout(120)
class BackupThroughExecTest {
    private static final String NS = "store-exec-shop";

    @TempDir
    Path dir;

    @Test
    void aBackupStreamsThroughTheExecWebSocketAndARestoreThroughItBringsTheRowsBack() throws Exception {
        MedusaStandIn db = MedusaStandIn.seeded(200);
        try (ExecTestCluster api = new ExecTestCluster(NS, ExecContainers.withEnvironment(db.containerEnvironment()),
                dir.resolve("api"))) {
            api.pod("exec-shop-postgresql-0", NS, "database", "Running");
            ServiceFixture fx = new ServiceFixture(dir.resolve("data"), new FakeStoreOrders(),
                    new Fabric8StoreExec(api.connection()));
            try {
                Store store = fx.stores().create(new NewStoreRequest("Exec Shop", "alice", null, "medusa"), "alice");
                fx.settle();
                assertEquals(StoreStatus.READY, fx.stores().get(store.id()).status());
                BackupService backups = fx.app().backups();
                Map<String, String> before = db.tables();

                Manifest backup = backups.backup(store.id(), null, "ops").result().get(60, TimeUnit.SECONDS);
                assertTrue(backup.parts().get(0).size() > 10_000, backup.toString());
                String dumpPath = api.execPaths().get(0);
                assertTrue(dumpPath.startsWith("/api/v1/namespaces/" + NS + "/pods/exec-shop-postgresql-0/exec?"), dumpPath);
                assertTrue(dumpPath.contains("container=postgresql") && dumpPath.contains("pg_dump"), dumpPath);
                assertFalse(dumpPath.contains(db.password), "the password never leaves the container");

                db.execute("DELETE FROM order_item; DELETE FROM \"order\"");
                assertNotEquals(before, db.tables());
                var restored = backups.restore(store.id(), backup.backupId(), BackupService.Into.SAME, "ops").result()
                        .get(60, TimeUnit.SECONDS);
                assertEquals(before, db.tables(), "every row back through the exec stream");
                assertTrue(restored.verification().ok());
                assertEquals(3, api.execPaths().size(), "the dump, the safety dump, the restore: " + api.execPaths());
                assertTrue(api.execPaths().get(2).contains("pg_restore"), api.execPaths().get(2));
            } finally {
                fx.close();
            }
        }
    }
}
