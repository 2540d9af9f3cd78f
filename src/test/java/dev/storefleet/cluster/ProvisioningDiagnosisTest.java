package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.StoreEvents;
import dev.storefleet.testcluster.PodFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store whose pods cannot come up fails within its grace period plus a few seconds, not at the
 * ready deadline, with an error naming the pod, container and reason and keeping the failing
 * container's log; a retry after the cause is lifted converges to READY. The whole engine (real
 * H2, real Helm rendering the real WooCommerce chart, fabric8) against the test cluster playing a
 * kubelet that fails, over HTTP.
 */
class ProvisioningDiagnosisTest {
    /** Far beyond what any diagnosis below may take: a store failing near it was not diagnosed. */
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final Duration GRACE = Duration.ofSeconds(2);
    /** Grace, a few polls, Helm returning from a stopped Job, a slow shared machine. */
    private static final Duration PROMPT = Duration.ofSeconds(40);
    private static final EngineSettings SETTINGS = new EngineSettings(2, DEADLINE, Duration.ofSeconds(10),
            "stores.test", "traefik");

    @TempDir
    Path dir;

    @Test
    void anImageThatCannotBePulledIsNamedWithTheValuesToCheck() throws Exception {
        Store failed = failsThenRecovers("Pull Shop", api -> api.imagePullFails("mariadb:11\\.4\\.8"), store -> {
            String error = store.lastError();
            assertTrue(error.contains("ImagePullBackOff") || error.contains("ErrImagePull"), error);
            assertTrue(error.contains("pod store-pull-shop-woocommerce-db-0"), error);
            assertTrue(error.contains("container mariadb"), error);
            assertTrue(error.contains("docker.io/library/mariadb:11.4.8"), error);
            assertTrue(error.contains("mariadb.image.repository and mariadb.image.tag"), error);
        });
        assertTrue(progress.stream().anyMatch(p -> p.contains("cannot pull image docker.io/library/mariadb")),
                "the step said what it waited for: " + progress);
    }

    @Test
    void aSetupJobThatCannotPullIsStoppedSoHelmReturnsAtOnce() throws Exception {
        failsThenRecovers("Hook Shop", api -> api.imagePullFails("wordpress:cli"), store -> {
            String error = store.lastError();
            assertTrue(error.contains("store-hook-shop-woocommerce-setup"), error);
            assertTrue(error.contains("wordpress:cli-2.12.0-php8.3"), error);
            assertTrue(error.contains("setup.image.repository and setup.image.tag"), error);
        });
    }

    @Test
    void aCrashLoopKeepsTheLogOfTheInstanceThatCrashed() throws Exception {
        List<String> log = List.of("mariadb: starting", "[ERROR] InnoDB: Cannot allocate memory for the buffer pool",
                "[ERROR] Aborting");
        failsThenRecovers("Crash Shop", api -> api.crashLoop("-db-0$", "mariadb", log), store -> {
            String error = store.lastError();
            assertTrue(error.contains("CrashLoopBackOff in pod store-crash-shop-woocommerce-db-0, container mariadb"), error);
            assertTrue(error.contains("(the instance that crashed)"), error);
            assertTrue(error.contains("[ERROR] InnoDB: Cannot allocate memory for the buffer pool"), error);
        });
    }

    @Test
    void aPodNoNodeCanTakeSaysWhyAndWhatToChange() throws Exception {
        failsThenRecovers("Tight Shop", api -> api.unschedulable("wordpress", "0/1 nodes are available: 1 Insufficient"
                + " memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."), store -> {
            String error = store.lastError();
            assertTrue(error.contains("Unschedulable in pod store-tight-shop-woocommerce-wordpress-"), error);
            assertTrue(error.contains("Insufficient memory"), error);
            assertTrue(error.contains("resources.requests"), error);
        });
    }

    @Test
    void noStorageClassIsSaidInThoseWords() throws Exception {
        failsThenRecovers("Diskless Shop", api -> api.noStorageClass(), store -> {
            String error = store.lastError();
            assertTrue(error.contains("no storage class is set"), error);
            assertTrue(error.contains("local-path") && error.contains("persistence.storageClass"), error);
        });
    }

    @Test
    void aFailedSetupJobKeepsItsLastAttemptsLog() throws Exception {
        List<String> log = List.of("Installing WooCommerce...", "Error: Error establishing a database connection.");
        failsThenRecovers("Setup Shop", api -> api.jobFails("setup", log), store -> {
            String error = store.lastError();
            assertTrue(error.contains("BackoffLimitExceeded in job store-setup-shop-woocommerce-setup"), error);
            assertTrue(error.contains("Error: Error establishing a database connection."), error);
        });
    }

    @Test
    void aQuotaRefusalNamesTheQuota() throws Exception {
        failsThenRecovers("Quota Shop", api -> api.quotaRefuses("wordpress", "pods \"store-quota-shop-wordpress-x\" is"
                + " forbidden: exceeded quota: storefleet-quota, requested: limits.memory=1Gi, used: limits.memory=8Gi,"
                + " limited: limits.memory=8Gi"), store -> {
            String error = store.lastError();
            assertTrue(error.contains("FailedCreate in replicaset store-quota-shop-woocommerce-wordpress-"), error);
            assertTrue(error.contains("exceeded quota: storefleet-quota"), error);
        });
    }

    @Test
    void aMissingSecretKeyIsAConfigError() throws Exception {
        failsThenRecovers("Config Shop", api -> api.containerWaiting("wordpress", "wordpress",
                "CreateContainerConfigError", "secret \"store-config-shop-auth\" not found"), store -> {
            String error = store.lastError();
            assertTrue(error.contains("CreateContainerConfigError"), error);
            assertTrue(error.contains("secret \"store-config-shop-auth\" not found"), error);
        });
    }

    // ---- one failure, its diagnosis, the cause lifted, a retry ------------------------------------

    private final List<String> progress = new CopyOnWriteArrayList<>();

    private Store failsThenRecovers(String name, Function<dev.storefleet.testcluster.TestKubernetesApi, PodFault> cause,
            java.util.function.Consumer<Store> diagnosed) throws Exception {
        try (EngineFixture fx = new EngineFixture(dir, EngineFixture.REPO_CHARTS, SETTINGS)) {
            fx.judgingBy(DiagnosisRules.DEFAULTS.withGrace(GRACE));
            fx.app().events().subscribe(new StoreEvents.Listener() {
                @Override
                public void progress(long storeId, String step) {
                    progress.add(step);
                }
            });
            PodFault fault = cause.apply(fx.api);
            long started = System.nanoTime();
            Store store = fx.create(name, "alice");
            Store failed = fx.awaitStatus(store.id(), StoreStatus.FAILED, PROMPT);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(PROMPT) < 0, "failed after " + took);
            assertTrue(failed.lastError().length() <= 4000, "fits the error column");
            diagnosed.accept(failed);

            fault.lift();
            long retried = System.nanoTime();
            fx.stores().retry(store.id(), "alice");
            Store ready = fx.awaitStatus(store.id(), StoreStatus.READY, Duration.ofSeconds(90));
            System.out.printf("%s: FAILED after %d ms, READY %d ms after the retry%n", name, took.toMillis(),
                    Duration.ofNanos(System.nanoTime() - retried).toMillis());
            assertEquals(null, ready.lastError());
            return failed;
        }
    }
}
