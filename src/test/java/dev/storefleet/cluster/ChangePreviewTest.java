package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValuesDiff;
import dev.storefleet.service.port.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview of an upgrade and of a rollback on the real Medusa chart, rendered by the real Helm
 * library against the test cluster: one console, one store, the previews first (they must change
 * nothing), then one real upgrade for the rollback preview.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangePreviewTest {
    private static final String CORS = "https://shop.example.com";
    private static final String PASSWORD = "a-new-admin-password-1";

    @TempDir
    static Path dir;
    static RunningConsole console;
    static Store store;

    @BeforeAll
    static void start() throws Exception {
        console = new RunningConsole(dir, EngineFixture.SETTINGS);
        store = console.created("Preview Shop", "alice", "medusa", StoreStatus.READY);
    }

    @AfterAll
    static void stop() {
        console.close();
    }

    @Test
    @Order(1)
    void theDeployedChartIsRecordedAndTheBundledOneKnown() {
        assertEquals("medusa-0.2.0", store.chart());
        assertEquals("0.2.0", store.chartVersion());
        assertEquals("2.21.2", store.appVersion());
        assertEquals("0.2.0", console.app.stores().bundledCharts().get(StoreType.MEDUSA).version());
        assertEquals("0.1.0", console.app.stores().bundledCharts().get(StoreType.WOOCOMMERCE).version());
    }

    @Test
    @Order(2)
    void aValueOfOneDeploymentsEnvShowsThatObjectChangedAndTheLine() {
        ChangePreview preview = console.app.stores().previewUpgrade(store.id(), Map.of("medusa", Map.of("storeCors", CORS)));
        assertFalse(preview.atTarget());
        List<ManifestDiff.ObjectChange> objects = preview.manifests().objects();
        assertEquals(1, objects.size(), () -> objects.stream().map(o -> o.kind() + " " + o.name()).toList().toString());
        ManifestDiff.ObjectChange change = objects.get(0);
        assertEquals("Deployment", change.kind());
        assertEquals(ManifestDiff.Kind.CHANGED, change.change());
        List<String> added = change.unifiedDiff().lines().filter(l -> l.startsWith("+") && !l.startsWith("+++")).toList();
        List<String> removed = change.unifiedDiff().lines().filter(l -> l.startsWith("-") && !l.startsWith("---")).toList();
        // STORE_CORS is in the env of each of the Deployment's containers that run Medusa: that line, nothing else
        assertFalse(added.isEmpty(), change.unifiedDiff());
        assertEquals(added.size(), removed.size(), change.unifiedDiff());
        assertTrue(added.stream().allMatch(l -> l.contains("value: \"http://preview-shop.stores.test," + CORS + "\"")),
                change.unifiedDiff());
        assertTrue(removed.stream().allMatch(l -> l.endsWith("value: http://preview-shop.stores.test")), change.unifiedDiff());
        List<String> diffLines = change.unifiedDiff().lines().toList();
        for (int i = 0; i < diffLines.size(); i++) {
            if (diffLines.get(i).startsWith("-") && !diffLines.get(i).startsWith("---")) {
                assertTrue(diffLines.get(i - 1).endsWith("- name: STORE_CORS"), change.unifiedDiff());
            }
        }
        assertEquals(List.of(new ValuesDiff.Change("medusa.storeCors", ValuesDiff.Kind.ADDED, null, CORS)),
                preview.values().changes());
    }

    @Test
    @Order(3)
    void aSecretBearingValueShowsTheSecretChangedAndMasked() {
        ChangePreview preview = console.app.stores().previewUpgrade(store.id(),
                Map.of("auth", Map.of("adminPassword", PASSWORD)));
        ManifestDiff.ObjectChange secret = preview.manifests().objects().stream().filter(o -> o.kind().equals("Secret"))
                .findFirst().orElseThrow(() -> new AssertionError(preview.manifests().toString()));
        assertEquals(ManifestDiff.Kind.CHANGED, secret.change());
        String diff = secret.unifiedDiff();
        assertTrue(diff.lines().anyMatch(l -> l.startsWith("+") && l.contains(ValuesDiff.MASK + " (changed)")), diff);
        String everything = preview.toString();
        assertFalse(everything.contains(PASSWORD), "the password in clear");
        assertFalse(everything.contains(Base64.getEncoder().encodeToString(PASSWORD.getBytes(StandardCharsets.UTF_8))),
                "the password in base64");
        assertEquals(ValuesDiff.MASK, preview.values().changes().get(0).after(), "the value masked in the values too");
        // only the changed key is marked: the other generated passwords are kept by the upgrade
        assertEquals(1, diff.lines().filter(l -> l.contains("(changed)")).count(), diff);
    }

    @Test
    @Order(4)
    void anUpgradeWithTheSameValuesIsAtTarget() {
        ChangePreview preview = console.app.stores().previewUpgrade(store.id(), Map.of());
        assertEquals(List.of(), preview.manifests().objects());
        assertTrue(preview.values().noValueChanges());
        assertTrue(preview.atTarget());
    }

    @Test
    @Order(5)
    void previewsChangedNothing() throws InterruptedException {
        Store now = console.app.stores().get(store.id());
        assertEquals(StoreStatus.READY, now.status());
        assertEquals(store.helmRevision(), now.helmRevision());
        assertEquals(1, console.app.stores().history(store.id()).size(), "no Helm revision made");
        long rows = console.app.audit().count(new AuditLog.AuditQuery(store.id(), null, null, 0, 1000));
        console.app.stores().previewUpgrade(store.id(), Map.of("medusa", Map.of("storeCors", CORS)));
        assertEquals(rows, console.app.audit().count(new AuditLog.AuditQuery(store.id(), null, null, 0, 1000)),
                "no audit row");
        assertTrue(console.app.executor().awaitIdle(Duration.ofSeconds(5)));
        assertEquals(1, console.app.stores().history(store.id()).size(), "no work queued");
    }

    @Test
    @Order(6)
    void aRollbackPreviewComparesTheStoredManifests() throws Exception {
        console.app.stores().upgrade(store.id(), Map.of("medusa", Map.of("storeCors", CORS)), "tester");
        assertTrue(console.app.executor().awaitIdle(Duration.ofSeconds(60)));
        Store upgraded = console.app.stores().get(store.id());
        assertEquals(StoreStatus.READY, upgraded.status(), upgraded.lastError());
        assertEquals(2, upgraded.helmRevision());
        assertEquals("medusa-0.2.0", upgraded.chart());

        ChangePreview preview = console.app.stores().previewRollback(store.id(), 1);
        assertFalse(preview.atTarget());
        assertEquals(1, preview.manifests().objects().size(), preview.manifests().toString());
        String diff = preview.manifests().objects().get(0).unifiedDiff();
        assertTrue(diff.lines().anyMatch(l -> l.startsWith("-") && l.contains(CORS)), diff);
        assertEquals(ValuesDiff.Kind.REMOVED, preview.values().changes().get(0).kind());
        assertTrue(console.app.stores().previewRollback(store.id(), 2).atTarget(), "to the current revision: nothing");
    }
}
