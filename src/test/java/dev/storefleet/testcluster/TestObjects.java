package dev.storefleet.testcluster;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Workloads for the fixture's tests, built with fabric8 as a client of a real cluster would. */
final class TestObjects {

    private TestObjects() {
    }

    static void namespace(KubernetesClient k, String name) {
        k.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()).create();
    }

    static Deployment deployment(String ns, String name, int replicas, String... images) {
        PodSpecBuilder spec = new PodSpecBuilder();
        for (int i = 0; i < images.length; i++) {
            spec.addNewContainer().withName(i == 0 ? "web" : "sidecar" + i).withImage(images[i]).endContainer();
        }
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels(Map.of("app", name, "tier", "front")).endMetadata()
                .withSpec(spec.build()).endTemplate().endSpec().build();
    }

    static StatefulSet statefulSet(String ns, String name, int replicas, String image) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("db").withImage(image)
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount().endContainer().endSpec()
                .endTemplate()
                .addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().endVolumeClaimTemplate()
                .endSpec().build();
    }

    static Job job(String ns, String name, int backoffLimit, Long activeDeadlineSeconds) {
        return new JobBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withBackoffLimit(backoffLimit).withActiveDeadlineSeconds(activeDeadlineSeconds)
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewInitContainer().withName("wait").withImage("busybox:1.36").endInitContainer()
                .addNewContainer().withName("setup").withImage("busybox:1.36").endContainer()
                .endSpec().endTemplate().endSpec().build();
    }

    static List<Pod> pods(KubernetesClient k, String ns) {
        return k.pods().inNamespace(ns).list().getItems();
    }

    static String condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus()).findFirst().orElse(null);
    }

    static boolean ready(Pod pod) {
        return "True".equals(condition(pod, "Ready"));
    }
}
