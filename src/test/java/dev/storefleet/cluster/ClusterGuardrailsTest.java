package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.testcluster.TestKubernetesApi;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster side of {@link Guardrails}, read back from the cluster: a store's namespace carries
 * their ResourceQuota, LimitRange and NetworkPolicy and the labels that make it Storefleet's, and
 * a release keeps no more revisions than they allow.
 */
@Timeout(60)
class ClusterGuardrailsTest {
    @TempDir
    Path dir;

    @Test
    void theNamespaceGetsTheQuotaLimitsIsolationAndLabelsOfTheGuardrails() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS,
                    Duration.ofSeconds(10));
            Store store = Store.accepted(new NewStoreRequest("Fenced Shop", "alice", null, "medusa").validate(),
                    Instant.now()).withId(7);
            adapters.cluster().ensureNamespace(store);
            adapters.cluster().ensureNamespace(store); // a retry converges on the same objects
            KubernetesClient client = api.client();
            String ns = store.namespace();

            assertEquals(figures(Guardrails.NAMESPACE_QUOTA), texts(client.resourceQuotas().inNamespace(ns)
                    .withName(Fabric8StoreCluster.QUOTA).get().getSpec().getHard()));

            List<LimitRangeItem> limits = client.limitRanges().inNamespace(ns).withName(Fabric8StoreCluster.LIMITS).get()
                    .getSpec().getLimits();
            assertEquals(1, limits.size());
            assertEquals("Container", limits.get(0).getType());
            assertEquals(figures(Guardrails.CONTAINER_DEFAULT_REQUEST), texts(limits.get(0).getDefaultRequest()));
            assertEquals(figures(Guardrails.CONTAINER_DEFAULT_LIMIT), texts(limits.get(0).getDefault()));
            assertEquals(figures(Guardrails.CONTAINER_MAX), texts(limits.get(0).getMax()));

            NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(ns)
                    .withName(Fabric8StoreCluster.POLICY).get();
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
            assertEquals(1, policy.getSpec().getIngress().size(), "one rule, so nothing else is let in");
            List<NetworkPolicyPeer> from = policy.getSpec().getIngress().get(0).getFrom();
            assertEquals(2, from.size());
            assertNull(from.get(0).getNamespaceSelector(), "pods of the store's own namespace");
            assertEquals(Map.of("kubernetes.io/metadata.name", Guardrails.INGRESS_CONTROLLER_NAMESPACE),
                    from.get(1).getNamespaceSelector().getMatchLabels());

            Namespace namespace = client.namespaces().withName(ns).get();
            assertEquals(Map.of("app.kubernetes.io/managed-by", "storefleet", "storefleet.dev/store-id", "7",
                    "storefleet.dev/store-slug", "fenced-shop", "storefleet.dev/store-type", "medusa"),
                    namespace.getMetadata().getLabels());
            assertEquals(Map.of(ns, "7"), adapters.cluster().managedNamespaces(), "found as Storefleet's by its labels");
        }
    }

    @Test
    void aReleaseKeepsItsNewestRevisionsAndNeverLosesTheDeployedOne() throws Exception {
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            RealClusterAdapters adapters = RealClusterAdapters.against(api, dir, RealClusterAdapters.REPO_CHARTS,
                    Duration.ofSeconds(10));
            Store store = Store.accepted(new NewStoreRequest("Long History", "alice", null, null).validate(),
                    Instant.now()).withId(3);
            api.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(store.namespace())
                    .endMetadata().build()).create();
            int revisions = Guardrails.MAX_RELEASE_REVISIONS + 3;
            for (int revision = 1; revision <= revisions; revision++) {
                // Revision 2 is the one deployed (later ones failed), and among the oldest.
                String status = revision == 2 ? "deployed" : revision == revisions ? "failed" : "superseded";
                api.client().secrets().inNamespace(store.namespace()).resource(new SecretBuilder().withNewMetadata()
                        .withName(HelmReleaseRecord.secretName(store.releaseName(), revision))
                        .withLabels(Map.of("owner", "helm", "name", store.releaseName(), "status", status,
                                "version", String.valueOf(revision)))
                        .endMetadata().build()).create();
            }

            adapters.helm().pruneHistory(store);

            List<Integer> kept = api.client().secrets().inNamespace(store.namespace()).withLabel("owner", "helm")
                    .list().getItems().stream().map(HelmReleaseRecord::versionOf).sorted().toList();
            List<Integer> expected = new ArrayList<>(List.of(2));
            IntStream.rangeClosed(revisions - Guardrails.MAX_RELEASE_REVISIONS + 1, revisions).forEach(expected::add);
            assertEquals(expected, kept, "the newest " + Guardrails.MAX_RELEASE_REVISIONS + " and the deployed one");
        }
    }

    private static Map<String, String> figures(Map<String, String> guardrail) {
        return new TreeMap<>(guardrail);
    }

    private static Map<String, String> texts(Map<String, Quantity> quantities) {
        Map<String, String> texts = new TreeMap<>();
        quantities.forEach((key, quantity) -> texts.put(key, quantity.toString()));
        return texts;
    }
}
