package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreNotFoundException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.HelmReleases;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine end to end on the real charts of charts/: real services and H2 file, real
 * helm-java and fabric8, against the test Kubernetes API over HTTP.
 */
@Timeout(180)
class EngineLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void createUpgradeRollbackDeleteOnTheWooCommerceChart() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store created = fx.create("Corner Shop", "alice");
            fx.settle();
            Store ready = fx.stores().get(created.id());
            assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
            assertEquals(1, ready.helmRevision());
            assertEquals("http://corner-shop.stores.test", ready.url(), "host from the configured base domain");

            Namespace ns = fx.api.client().namespaces().withName("store-corner-shop").get();
            assertEquals("storefleet", ns.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
            assertEquals(String.valueOf(created.id()), ns.getMetadata().getLabels().get("storefleet.dev/store-id"));
            assertNotNull(fx.api.client().resourceQuotas().inNamespace("store-corner-shop").withName("storefleet-quota").get());
            assertNotNull(fx.api.client().limitRanges().inNamespace("store-corner-shop").withName("storefleet-limits").get());
            assertNotNull(fx.api.client().network().v1().networkPolicies().inNamespace("store-corner-shop")
                    .withName("storefleet-isolation").get());

            fx.stores().upgrade(created.id(), Map.of("wordpress", Map.of("replicaCount", 2)), "ops");
            fx.settle();
            assertEquals(2, fx.stores().get(created.id()).helmRevision());

            fx.stores().rollback(created.id(), 1, "ops");
            fx.settle();
            Store rolledBack = fx.stores().get(created.id());
            assertEquals(StoreStatus.READY, rolledBack.status(), rolledBack.lastError());
            assertEquals(3, rolledBack.helmRevision());
            assertEquals(userValues(fx, "store-corner-shop", 1), userValues(fx, "store-corner-shop", 3),
                    "the rollback revision carries exactly revision 1's values");
            assertNotEquals(userValues(fx, "store-corner-shop", 2), userValues(fx, "store-corner-shop", 3));
            assertEquals("Rollback to 1", fx.stores().history(created.id()).get(2).description());

            fx.stores().delete(created.id(), "ops");
            fx.settle();
            assertThrows(StoreNotFoundException.class, () -> fx.stores().get(created.id()));
            assertNull(fx.api.client().namespaces().withName("store-corner-shop").get(), "namespace gone");
            assertEquals(Outcome.SUCCESS, fx.auditNewestFirst().get(0).outcome());
            assertEquals(0, fx.adapters().detector.overlaps());
        }
    }

    @Test
    void theRollbackDiffComesFromTheValuesHelmStoredForEachRevision() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Diff Shop", "alice");
            fx.settle();
            fx.stores().upgrade(store.id(), Map.of("auth", Map.of("adminPassword", "hunter2-upgrade"),
                    "woocommerce", Map.of("currency", "EUR")), "ops");
            fx.settle();
            assertEquals(2, fx.stores().get(store.id()).helmRevision(), fx.stores().get(store.id()).lastError());

            ValuesDiff diff = fx.stores().rollbackDiff(store.id(), 1);
            assertEquals(List.of(
                    new ValuesDiff.Change("auth.adminPassword", ValuesDiff.Kind.REMOVED, ValuesDiff.MASK, null),
                    new ValuesDiff.Change("woocommerce.currency", ValuesDiff.Kind.REMOVED, "EUR", null)),
                    diff.changes(), "store and ingress values are the same in both revisions");
            assertEquals(2, diff.fromRevision());
            assertFalse(diff.chartChanges());
            assertTrue(diff.chartBefore().startsWith("woocommerce-"), diff.chartBefore());
            HelmReleases helm = (HelmReleases) fx.adaptersUnderTest();
            Store current = fx.stores().get(store.id());
            assertEquals(Map.of("host", "diff-shop.stores.test", "className", "traefik"),
                    helm.values(current, 1).orElseThrow().values().get("ingress"), "values come back as plain maps");
            assertTrue(helm.values(current, 9).isEmpty(), "a revision Helm does not keep");
        }
    }

    @Test
    void aMedusaStoreBecomesReady() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.stores().create(new NewStoreRequest("Medusa Shop", "bob", "bob@example.com", "medusa"),
                    "bob");
            fx.settle();
            Store ready = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
            assertEquals("http://medusa-shop.stores.test", ready.url());
        }
    }

    @Test
    void failedInstallIsRetriedAndConverges() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.api.failNext("POST", "/deployments$", 500, 1);
            Store store = fx.create("Retry Shop", "alice");
            fx.settle();
            Store failed = fx.stores().get(store.id());
            assertEquals(StoreStatus.FAILED, failed.status());
            assertTrue(failed.lastError().startsWith("installing release store-retry-shop in namespace store-retry-shop"),
                    failed.lastError());

            fx.stores().retry(store.id(), "ops");
            fx.settle();
            Store ready = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, ready.status(), ready.lastError());
            assertEquals(1, fx.api.client().apps().deployments().inNamespace("store-retry-shop")
                    .withLabel("app.kubernetes.io/component", "wordpress").list().getItems().size(),
                    "converged: one WordPress, not two");
            assertEquals(List.of(ActionType.PROVISION_SUCCEEDED, ActionType.PROVISION_STARTED, ActionType.RETRY,
                    ActionType.PROVISION_FAILED), actions(fx).subList(0, 4));
        }
    }

    @Test
    void namespaceCreateFailureFailsTheStoreWithItsAuditRow() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.api.failNext("POST", "^/api/v1/namespaces$", 500, 5); // beyond fabric8's one retry
            Store store = fx.create("Ns Shop", "alice");
            fx.settle();
            Store failed = fx.stores().get(store.id());
            assertEquals(StoreStatus.FAILED, failed.status());
            assertTrue(failed.lastError().startsWith("creating namespace store-ns-shop"), failed.lastError());
            AuditEvent row = fx.auditNewestFirst().get(0);
            assertEquals(ActionType.PROVISION_FAILED, row.action());
            assertEquals(failed.lastError(), row.detail());
        }
    }

    @Test
    void readinessTimeoutFailsTheStoreSayingWhatWasNotReady() throws Exception {
        var settings = new dev.storefleet.service.EngineSettings(2, Duration.ofSeconds(3), Duration.ofSeconds(10),
                "stores.test", "traefik");
        try (EngineFixture fx = new EngineFixture(dir, EngineFixture.REPO_CHARTS, settings)) {
            fx.api.neverReady("StatefulSet", ".*");
            Store store = fx.create("Slow Shop", "alice");
            fx.settle();
            Store failed = fx.stores().get(store.id());
            assertEquals(StoreStatus.FAILED, failed.status());
            assertTrue(failed.lastError().contains("not ready after 3 s; still waiting for statefulset"),
                    failed.lastError());
        }
    }

    @Test
    void deleteGoesThroughWhenUninstallAndNamespaceDeleteFail() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Sticky Shop", "alice");
            fx.settle();
            fx.api.failNext("GET", "/secrets", 500, 20); // Helm cannot read its release: uninstall fails
            fx.api.failNext("DELETE", "^/api/v1/namespaces/store-sticky-shop$", 500, 5); // beyond fabric8's retry
            fx.stores().delete(store.id(), "ops");
            fx.settle();
            assertThrows(StoreNotFoundException.class, () -> fx.stores().get(store.id()));
            List<AuditEvent> rows = fx.auditNewestFirst();
            assertEquals(ActionType.DELETED, rows.get(0).action());
            assertEquals(Outcome.FAILURE, rows.get(0).outcome());
            assertTrue(rows.get(1).detail().startsWith("deleting namespace store-sticky-shop"), rows.get(1).detail());
            assertTrue(rows.get(2).detail().startsWith("uninstalling release store-sticky-shop"), rows.get(2).detail());
            fx.api.reset();
            // The namespace is still there: the start-up check reports it as an orphan.
            assertEquals(List.of("store-sticky-shop"), fx.restart().orphanNamespaces());
        }
    }

    @Test
    void restartDuringProvisioningAndUpgradeSettlesEveryStore() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store upgraded = fx.create("Upgrade Shop", "alice");
            fx.settle();
            // Slower than the shutdown grace period, so the restart really cuts the work off.
            fx.api.readyAfter(Duration.ofSeconds(8));
            Store provisioning = fx.create("Fresh Shop", "bob");
            fx.stores().upgrade(upgraded.id(), Map.of("wordpress", Map.of("replicaCount", 2)), "ops");
            fx.awaitStatus(provisioning.id(), StoreStatus.PROVISIONING, Duration.ofSeconds(10));
            Thread.sleep(1_000); // inside Helm or the readiness wait

            var report = fx.restart();
            assertEquals(2, report.resumedOperations());
            fx.settle();
            assertEquals(StoreStatus.READY, fx.stores().get(provisioning.id()).status(),
                    fx.stores().get(provisioning.id()).lastError());
            Store settled = fx.stores().get(upgraded.id());
            assertEquals(StoreStatus.READY, settled.status(), settled.lastError());
            assertEquals(2, settled.helmRevision());
            assertTrue(actions(fx).contains(ActionType.RECONCILED));
        }
    }

    @Test
    void aReleaseLeftPendingByAKilledConsoleDoesNotBlockTheNextOperation() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Pending Shop", "alice");
            fx.settle();
            // What a kill in the middle of 'helm upgrade' leaves: a newer record stuck pending.
            Secret record = fx.api.client().secrets().inNamespace("store-pending-shop")
                    .withName("sh.helm.release.v1.store-pending-shop.v1").get();
            record.getMetadata().setName("sh.helm.release.v1.store-pending-shop.v2");
            record.getMetadata().setResourceVersion(null);
            record.getMetadata().setUid(null);
            record.getMetadata().getLabels().put("version", "2");
            record.getMetadata().getLabels().put("status", "pending-upgrade");
            fx.api.client().secrets().inNamespace("store-pending-shop").resource(record).create();

            fx.stores().upgrade(store.id(), Map.of(), "ops");
            fx.settle();
            Store after = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, after.status(), after.lastError());
        }
    }

    @Test
    void twentyParallelDeletesOfOneStoreAreOneDelete() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Twenty Deletes", "alice");
            fx.settle();
            fx.api.namespaceDeletionDelay(Duration.ofMillis(1500)); // the first delete is still running when the rest arrive
            fx.api.clearRequests();
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(20);
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Store>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(callers.submit(() -> {
                    start.await();
                    return fx.stores().delete(store.id(), "ops");
                }));
            }
            start.countDown();
            for (var answer : answers) {
                Store answered = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(store.id(), answered.id());
                assertEquals(StoreStatus.DELETING, answered.status(), "every caller is told the store is being deleted");
            }
            callers.shutdown();
            fx.settle();

            assertThrows(StoreNotFoundException.class, () -> fx.stores().get(store.id()));
            List<String> deletes = fx.api.requests().stream().filter(r -> r.method().equals("DELETE"))
                    .map(r -> r.path()).toList();
            assertEquals(1, deletes.stream().filter(p -> p.equals("/api/v1/namespaces/store-twenty-deletes")).count(),
                    "one namespace delete: " + deletes);
            assertEquals(1, deletes.stream().filter(p -> p.endsWith("/secrets/sh.helm.release.v1.store-twenty-deletes.v1"))
                    .count(), "one uninstall (Helm removes the release record once): " + deletes);
            List<AuditEvent> audit = fx.auditNewestFirst();
            assertEquals(1, audit.stream().filter(e -> e.action() == ActionType.DELETED).count());
            assertEquals(0, audit.stream().filter(e -> e.action() == ActionType.DELETE_STEP_FAILED).count(),
                    "no delete was cancelled by another");
            assertEquals(20, audit.stream().filter(e -> e.action() == ActionType.DELETE).count(), "each request audited");
            assertEquals(19, audit.stream().filter(e -> e.action() == ActionType.DELETE
                    && e.detail().equals("joined the delete already under way")).count());
        }
    }

    @Test
    void aReleaseLeftUninstallingByAKilledDeleteIsInstalledAfreshByARetry() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Store store = fx.create("Half Gone", "alice");
            fx.settle();
            // What a kill in the middle of 'helm uninstall' leaves: the release record marked
            // uninstalling (label and stored release alike) and some of its objects gone.
            Secret record = fx.api.client().secrets().inNamespace("store-half-gone")
                    .withName("sh.helm.release.v1.store-half-gone.v1").get();
            fx.api.client().secrets().inNamespace("store-half-gone").resource(
                    ReleaseRecords.withStatus(record, "uninstalling")).update();
            fx.api.client().apps().deployments().inNamespace("store-half-gone").delete();
            HelmReleases helm = fx.adapters();
            assertTrue(assertThrows(RuntimeException.class, () -> helm.rollback(fx.stores().get(store.id()), 1))
                    .getMessage().contains("half uninstalled"), "a rollback says why it cannot");

            fx.stores().upgrade(store.id(), Map.of(), "ops"); // what a retry or an upgrade runs: upgrade --install
            fx.settle();
            Store after = fx.stores().get(store.id());
            assertEquals(StoreStatus.READY, after.status(), after.lastError());
            assertEquals(1, after.helmRevision(), "installed afresh");
            assertFalse(fx.api.client().apps().deployments().inNamespace("store-half-gone").list().getItems().isEmpty(),
                    "its workloads are back");
        }
    }

    @Test
    void operationsOnOneStoreNeverOverlapAndStoresInFlightAreBounded() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.api.readyAfter(Duration.ofMillis(300));
            List<Store> stores = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                stores.add(fx.create("Busy Shop " + i, "owner-" + i));
            }
            fx.stores().delete(stores.get(0).id(), "ops");
            fx.stores().delete(stores.get(1).id(), "ops");
            fx.settle();
            assertEquals(0, fx.adapters().detector.overlaps());
            assertTrue(fx.adapters().detector.maxKeysInside() <= 2, "maxInFlight = 2");
            assertEquals(3, fx.stores().list().size());
            assertTrue(fx.stores().list().stream().allMatch(s -> s.status() == StoreStatus.READY));
        }
    }

    private static List<ActionType> actions(EngineFixture fx) {
        return fx.auditNewestFirst().stream().map(AuditEvent::action).toList();
    }

    private static String userValues(EngineFixture fx, String release, int revision) {
        Secret secret = fx.api.client().secrets().inNamespace(release)
                .withName(HelmReleaseRecord.secretName(release, revision)).get();
        return HelmReleaseRecord.decode(secret).configJson();
    }
}
