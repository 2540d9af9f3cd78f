package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.ClusterAccess;
import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How cluster and Helm failures are told apart: fabric8's by what its exceptions carry (the HTTP
 * status and Status object of an answer, or none), Helm's missing release by its words, the only
 * thing helm-java gives. The failures are real ones, from fabric8 and helm-java against the test
 * cluster, not made-up messages.
 */
@Timeout(60)
class ClusterErrorsTest {
    @TempDir
    Path dir;

    @Test
    void helmsMultiErrorFormatKeepsTheCauseOnOneLine() {
        String helm = "1 error occurred:\n\t* Post \"http://127.0.0.1:1/apis/apps/v1/namespaces/x/deployments\": EOF\n\n";
        assertEquals("Post \"http://127.0.0.1:1/apis/apps/v1/namespaces/x/deployments\": EOF", ClusterErrors.oneLine(helm));
        assertEquals("a; b", ClusterErrors.oneLine("2 errors occurred:\n\t* a\n\t* b\n"));
        assertEquals("context deadline exceeded", ClusterErrors.oneLine("context deadline exceeded"));
        assertEquals("first second", ClusterErrors.oneLine("first\nsecond"));
        assertEquals("installing release x: injected fault", ClusterErrors.wrap("installing release x",
                new IllegalStateException("1 error occurred:\n\t* injected fault\n")).getMessage());
    }

    @Test
    void anAnswerOfTheApiServerIsToldByItsStatusCode() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            api.failNext("GET", "/api/v1/namespaces/shop$", 403, 1);
            KubernetesClientException forbidden = assertThrows(KubernetesClientException.class,
                    () -> api.client().namespaces().withName("shop").get());
            assertEquals(OptionalInt.of(403), ClusterErrors.httpStatus(forbidden));
            assertTrue(ClusterErrors.isRefusedCredentials(forbidden));
            assertEquals("injected fault: GET /api/v1/namespaces/shop (HTTP 403)", ClusterErrors.reason(forbidden),
                    "the Status's message, not fabric8's 'Failure executing: GET at: …'");

            api.failNext("POST", "/api/v1/namespaces$", 409, 1);
            KubernetesClientException conflict = assertThrows(KubernetesClientException.class, () -> api.client()
                    .namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                    .create());
            assertEquals(OptionalInt.of(409), ClusterErrors.httpStatus(conflict));
            assertFalse(ClusterErrors.isRefusedCredentials(conflict));
            assertEquals(OptionalInt.of(409), ClusterErrors.httpStatus(ClusterErrors.wrap("creating namespace shop",
                    conflict)), "still told after the wrap into a ClusterException");
        }
    }

    @Test
    void aFailureWithNoAnswerIsSaidInTheWordsOfItsCause() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            api.down(true);
            KubernetesClientException unanswered = assertThrows(KubernetesClientException.class,
                    () -> api.client().namespaces().withName("shop").get());
            assertTrue(unanswered.getMessage().startsWith("Operation: [get]"), unanswered.getMessage());
            assertEquals(OptionalInt.empty(), ClusterErrors.httpStatus(unanswered));
            assertFalse(ClusterErrors.isRefusedCredentials(unanswered));
            assertEquals(unanswered.getCause().getMessage(), ClusterErrors.reason(unanswered),
                    "the I/O failure fabric8 wrapped, not its 'Operation: [get] … failed.'");
        }
        KubernetesClientException laundered = assertThrows(KubernetesClientException.class,
                () -> KubernetesClientException.launderThrowable(new IOException("stream was reset")));
        assertEquals("stream was reset", ClusterErrors.reason(laundered), "not 'An error has occurred.'");
        assertEquals("Timed out waiting for the namespace", ClusterErrors.reason(
                new KubernetesClientException("Timed out waiting for the namespace")), "words with no cause are kept");
    }

    @Test
    void aRefusedUserIsNotAnUnreachableCluster() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi();
                ClusterConnection connection = RealClusterAdapters.connect(api, dir)) {
            // Every answer a 401, as for an expired token (fabric8 asks again after a 401, with a refreshed token).
            api.failNext("GET", "^/version$", 401, 10);
            ClusterAccess.ClusterHealth refused = connection.check();
            assertFalse(refused.reachable());
            assertTrue(refused.problem().startsWith("The cluster at " + api.url()), refused.problem());
            assertTrue(refused.problem().contains("refused this kubeconfig's user: injected fault: GET /version"
                    + " (HTTP 401)"), refused.problem());

            api.reset();
            api.down(true);
            ClusterAccess.ClusterHealth down = connection.check();
            assertTrue(down.problem().startsWith("Cannot reach the cluster at " + api.url()), down.problem());
        }
    }

    @Test
    void onlyHelmsOwnNotFoundMeansTheReleaseIsMissing() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS,
                    Duration.ofSeconds(10));
            Store store = Store.accepted(new NewStoreRequest("Never Installed", "alice", null, null).validate(),
                    Instant.now()).withId(5);
            api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(store.namespace())
                    .endMetadata().build()).create();
            assertEquals(Optional.empty(), adapters.helm().status(store), "no release: Helm says 'release: not found'");

            // A 404 on the way (the Secrets Helm keeps its records in) is a failure, not a missing release.
            api.failNext("GET", "/namespaces/" + store.namespace() + "/secrets", 404, 1);
            ClusterException failed = assertThrows(ClusterException.class, () -> adapters.helm().status(store));
            assertTrue(failed.getMessage().startsWith("reading the status of release " + store.releaseName()),
                    failed.getMessage());
            assertFalse(ClusterErrors.isHelmReleaseNotFound(failed), failed.getMessage());
        }
    }
}
