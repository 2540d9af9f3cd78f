package dev.storefleet.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.ReleaseHistory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The real Helm library (helm-java) against {@link TestKubernetesApi}, with the sample chart. */
@Timeout(60)
class HelmOnTestKubernetesApiTest {

    private static final String NS = "store-sample";

    @TempDir
    Path tmp;

    private TestKubernetesApi api;
    private Path kubeconfig;
    private Helm chart;

    @BeforeEach
    void start() throws URISyntaxException {
        api = new TestKubernetesApi();
        kubeconfig = api.kubeconfigFile(tmp);
        chart = new Helm(Path.of(getClass().getResource("/testcluster/charts/sample").toURI()));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Release upgradeInstall(String release, int timeoutSeconds, String... sets) {
        var cmd = chart.upgrade().install().withName(release).withNamespace(NS).createNamespace()
                .withKubeConfig(kubeconfig).waitReady().withTimeout(timeoutSeconds);
        for (int i = 0; i + 1 < sets.length; i += 2) {
            cmd.set(sets[i], sets[i + 1]);
        }
        return cmd.call();
    }

    @Test
    void installWithWaitCreatesEverythingAndRunsTheHook() {
        long t0 = System.nanoTime();
        Release r = chart.install().withName("r1").withNamespace(NS).createNamespace()
                .withKubeConfig(kubeconfig).waitReady().withTimeout(30).call();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("testcluster: install with wait took " + ms + " ms");

        assertEquals("deployed", r.getStatus());
        KubernetesClient k = api.client();
        Deployment web = k.apps().deployments().inNamespace(NS).withName("r1-web").get();
        assertEquals(web.getMetadata().getGeneration(), web.getStatus().getObservedGeneration());
        assertEquals(1, web.getStatus().getReadyReplicas());
        assertEquals(1, k.apps().replicaSets().inNamespace(NS).list().getItems().size());
        assertEquals("Bound", k.persistentVolumeClaims().inNamespace(NS).withName("data-r1-db-0").get().getStatus().getPhase());
        assertNotNull(k.services().inNamespace(NS).withName("r1-web").get().getSpec().getClusterIP());
        assertNotNull(k.network().v1().ingresses().inNamespace(NS).withName("r1-web").get());
        assertNotNull(k.network().v1().networkPolicies().inNamespace(NS).withName("r1-default-deny").get());
        assertNotNull(k.secrets().inNamespace(NS).withName("r1-credentials").get());
        // the post-install hook ran, completed and was deleted (hook-succeeded)
        assertTrue(api.requests().stream().anyMatch(q -> q.method().equals("POST") && q.path().endsWith("/jobs")));
        assertNull(k.batch().v1().jobs().inNamespace(NS).withName("r1-setup").get());
    }

    @Test
    void upgradeListHistoryStatusAndUninstall() {
        upgradeInstall("r1", 30);
        Release upgraded = upgradeInstall("r1", 30, "image", "nginx:1.28", "message", "bye");

        assertEquals("2", upgraded.getRevision());
        Deployment web = api.client().apps().deployments().inNamespace(NS).withName("r1-web").get();
        List<Container> containers = web.getSpec().getTemplate().getSpec().getContainers();
        assertEquals(List.of("web", "sidecar"), containers.stream().map(Container::getName).toList());
        assertEquals("nginx:1.28", containers.get(0).getImage());
        assertEquals(1, containers.get(0).getEnv().size());
        assertEquals("bye", containers.get(0).getEnv().get(0).getValue());
        assertEquals(1, containers.get(0).getPorts().size());
        assertEquals(2L, web.getMetadata().getGeneration());
        assertEquals(2L, web.getStatus().getObservedGeneration());

        List<Release> list = Helm.list().withNamespace(NS).withKubeConfig(kubeconfig).call();
        assertEquals(List.of("r1"), list.stream().map(Release::getName).toList());
        List<ReleaseHistory> history = Helm.history("r1").withNamespace(NS).withKubeConfig(kubeconfig).call();
        assertEquals(List.of("superseded", "deployed"), history.stream().map(ReleaseHistory::getStatus).toList());
        Release status = Helm.status("r1").withNamespace(NS).withKubeConfig(kubeconfig).call();
        assertEquals("deployed", status.getStatus());
        assertEquals("2", status.getRevision());

        Helm.uninstall("r1").withNamespace(NS).withKubeConfig(kubeconfig).call();
        assertTrue(Helm.list().withNamespace(NS).withKubeConfig(kubeconfig).call().isEmpty());
        assertNull(api.client().apps().deployments().inNamespace(NS).withName("r1-web").get());
        assertTrue(api.client().apps().replicaSets().inNamespace(NS).list().getItems().isEmpty(), "owned ReplicaSets collected");
    }

    @Test
    void waitHonoursTheReadinessDelay() {
        api.readyAfter(Duration.ofMillis(1500));
        long t0 = System.nanoTime();
        upgradeInstall("r1", 30);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("testcluster: install with wait and readyAfter(1.5 s) took " + ms + " ms");
        assertTrue(ms >= 1500, "took " + ms + " ms");
    }

    @Test
    void aWorkloadThatNeverBecomesReadyMakesTheWaitTimeOut() {
        api.neverReady("Deployment", ".*-web");
        Exception e = assertThrows(IllegalStateException.class, () -> upgradeInstall("r1", 2));
        System.out.println("testcluster: never-ready error: " + e.getMessage());
        assertTrue(e.getMessage().contains("context deadline exceeded") || e.getMessage().contains("timed out"),
                e.getMessage());
    }

    @Test
    void anInjected500FailsTheInstallAndTheNextAttemptSucceeds() {
        api.failNext("POST", "/deployments$", 500, 1);
        Exception e = assertThrows(IllegalStateException.class, () -> upgradeInstall("r1", 30));
        assertTrue(e.getMessage().contains("injected fault"), e.getMessage());

        Release r = upgradeInstall("r1", 30);
        assertEquals("deployed", r.getStatus());
        assertNotNull(api.client().apps().deployments().inNamespace(NS).withName("r1-web").get());
    }

    @Test
    void aDroppedConnectionSurfacesAsAnErrorNotAHang() {
        api.dropConnection("POST", "/statefulsets$", 1);
        Exception e = assertThrows(IllegalStateException.class, () -> upgradeInstall("r1", 30));
        System.out.println("testcluster: dropped-connection error: " + e.getMessage());
        assertTrue(e.getMessage().contains("EOF") || e.getMessage().contains("connection"), e.getMessage());

        assertEquals("deployed", upgradeInstall("r1", 30).getStatus());
    }

    @Test
    void deletingTheNamespaceRemovesTheStore() {
        upgradeInstall("r1", 30);
        KubernetesClient k = api.client();
        k.namespaces().withName(NS).delete();

        assertNull(k.namespaces().withName(NS).get());
        assertTrue(k.apps().deployments().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(k.persistentVolumeClaims().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(k.secrets().inNamespace(NS).list().getItems().isEmpty());
        assertTrue(Helm.list().allNamespaces().withKubeConfig(kubeconfig).call().isEmpty());
    }
}
