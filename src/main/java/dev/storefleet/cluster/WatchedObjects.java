package dev.storefleet.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpecBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fleet watch keeps of each object it caches: the fields health is judged by, nothing
 * else. A pod as the API sends it is mostly spec (environment, volumes, probes, resources) and
 * managedFields; 3,000 of them would hold tens of megabytes the console never reads.
 */
final class WatchedObjects {
    /** Labels health needs: which release, which component. */
    private static final List<String> KEPT_LABELS = List.of(StoreLabels.INSTANCE, StoreLabels.COMPONENT,
            StoreLabels.MANAGED_BY, StoreLabels.STORE_ID);

    private WatchedObjects() {
    }

    static Pod pod(Pod full) {
        List<Container> init = full.getSpec() == null ? List.of() : names(full.getSpec().getInitContainers());
        List<Container> app = full.getSpec() == null ? List.of() : names(full.getSpec().getContainers());
        return new PodBuilder().withMetadata(metadata(full))
                .withSpec(new PodSpecBuilder().withInitContainers(init).withContainers(app).build())
                .withStatus(full.getStatus()).build();
    }

    static Deployment deployment(Deployment full) {
        Integer replicas = full.getSpec() == null ? null : full.getSpec().getReplicas();
        return new DeploymentBuilder().withMetadata(metadata(full))
                .withSpec(new DeploymentSpecBuilder().withReplicas(replicas).build())
                .withStatus(full.getStatus()).build();
    }

    static StatefulSet statefulSet(StatefulSet full) {
        Integer replicas = full.getSpec() == null ? null : full.getSpec().getReplicas();
        return new StatefulSetBuilder().withMetadata(metadata(full))
                .withSpec(new StatefulSetSpecBuilder().withReplicas(replicas).build())
                .withStatus(full.getStatus()).build();
    }

    static Namespace namespace(Namespace full) {
        return new NamespaceBuilder().withMetadata(metadata(full)).withStatus(full.getStatus()).build();
    }

    private static ObjectMeta metadata(HasMetadata full) {
        ObjectMeta m = full.getMetadata();
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.getLabels() != null) {
            KEPT_LABELS.forEach(k -> {
                String v = m.getLabels().get(k);
                if (v != null) {
                    labels.put(k, v);
                }
            });
        }
        List<OwnerReference> owners = m.getOwnerReferences() == null ? List.of() : m.getOwnerReferences().stream()
                .map(o -> new OwnerReferenceBuilder().withKind(o.getKind()).withName(o.getName())
                        .withController(o.getController()).build())
                .toList();
        return new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace()).withUid(m.getUid())
                .withResourceVersion(m.getResourceVersion()).withGeneration(m.getGeneration())
                .withCreationTimestamp(m.getCreationTimestamp()).withDeletionTimestamp(m.getDeletionTimestamp())
                .withLabels(labels).withOwnerReferences(owners).build();
    }

    private static List<Container> names(List<Container> containers) {
        return containers == null ? List.of() : containers.stream()
                .map(c -> new ContainerBuilder().withName(c.getName()).withImage(c.getImage()).build()).toList();
    }
}
