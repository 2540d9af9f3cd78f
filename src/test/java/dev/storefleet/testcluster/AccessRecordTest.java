package dev.storefleet.testcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Requests read as kube-apiserver authorizes them (the examples of its request-info, and ours). */
class AccessRecordTest {

    private static String read(String method, String path, String query) {
        return read(method, path, query, false);
    }

    private static String read(String method, String path, String query, boolean upgrade) {
        List<AccessRecord> records = AccessRecord.of(new TestKubernetesApi.Request(method, path, query, "t", upgrade));
        return String.join(" + ", records.stream().map(AccessRecord::toString).toList());
    }

    @Test
    void verbsFollowMethodNameAndWatch() {
        assertEquals("get apps/deployments in ns", read("GET", "/apis/apps/v1/namespaces/ns/deployments/web", ""));
        assertEquals("list apps/deployments in ns", read("GET", "/apis/apps/v1/namespaces/ns/deployments", "labelSelector=a%3Db"));
        assertEquals("watch apps/deployments in ns", read("GET", "/apis/apps/v1/namespaces/ns/deployments", "watch=true"));
        assertEquals("watch apps/statefulsets in ns", read("GET", "/apis/apps/v1/namespaces/ns/statefulsets", "watch=1"));
        assertEquals("create core/secrets in ns", read("POST", "/api/v1/namespaces/ns/secrets", ""));
        assertEquals("update core/secrets in ns", read("PUT", "/api/v1/namespaces/ns/secrets/s", ""));
        assertEquals("patch batch/jobs in ns", read("PATCH", "/apis/batch/v1/namespaces/ns/jobs/setup", ""));
        assertEquals("delete core/secrets in ns", read("DELETE", "/api/v1/namespaces/ns/secrets/s", ""));
        assertEquals("deletecollection core/secrets in ns", read("DELETE", "/api/v1/namespaces/ns/secrets", ""));
    }

    @Test
    void podsListedInEveryNamespaceAreNamespacedResourcesAskedClusterWide() {
        AccessRecord all = AccessRecord.of(new TestKubernetesApi.Request("GET", "/api/v1/pods", "watch=true", "t", false)).get(0);
        assertEquals("watch", all.verb());
        assertEquals("pods", all.resource());
        assertTrue(all.namespaced());
        assertEquals(null, all.namespace());
        assertEquals("watch core/pods in every namespace", all.toString());
    }

    @Test
    void namespacesAreClusterScopedAndTheirStatusIsASubresource() {
        assertEquals("get core/namespaces (cluster)", read("GET", "/api/v1/namespaces/store-x", ""));
        assertEquals("list core/namespaces (cluster)", read("GET", "/api/v1/namespaces", ""));
        assertEquals("update core/namespaces/finalize (cluster)", read("PUT", "/api/v1/namespaces/store-x/finalize", ""));
        assertEquals("get rbac.authorization.k8s.io/clusterroles (cluster)",
                read("GET", "/apis/rbac.authorization.k8s.io/v1/clusterroles/storefleet", ""));
    }

    @Test
    void subresourcesAndTheWebSocketUpgradeOfAPortForward() {
        assertEquals("get core/pods/log in ns", read("GET", "/api/v1/namespaces/ns/pods/p/log", "follow=true"));
        assertEquals("update apps/deployments/status in ns", read("PUT", "/apis/apps/v1/namespaces/ns/deployments/d/status", ""));
        assertEquals("get core/pods/portforward in ns + create core/pods/portforward in ns",
                read("GET", "/api/v1/namespaces/ns/pods/p/portforward", "ports=80", true));
        assertEquals("create core/pods/portforward in ns", read("POST", "/api/v1/namespaces/ns/pods/p/portforward", "ports=80"),
                "SPDY: a POST");
    }

    @Test
    void discoveryAndVersionAreNonResourceRequests() {
        for (String path : List.of("/version", "/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v2")) {
            AccessRecord r = AccessRecord.of(new TestKubernetesApi.Request("GET", path, "", "t", false)).get(0);
            assertFalse(r.isResource(), path);
            assertEquals(path, r.nonResourcePath());
            assertEquals("get", r.verb());
        }
    }
}
