package dev.storefleet.store;

import dev.storefleet.charts.ChartRendering;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A chart rendered by the real Helm library (helm-java {@code template}), seen as the kubelet
 * sees it: the pod specs of its workloads, and the Secrets and ConfigMaps their containers read.
 */
final class RenderedPod {
    private final List<HasMetadata> objects;
    private final PodSpec spec;

    private RenderedPod(List<HasMetadata> objects, PodSpec spec) {
        this.objects = objects;
        this.spec = spec;
    }

    /** The pod of the Deployment, or else the Job, whose name ends with {@code nameSuffix}. */
    static RenderedPod of(String chart, String release, Map<String, Object> values, String nameSuffix) {
        List<HasMetadata> objects = ChartRendering.render(chart, release, values);
        List<PodSpec> found = objects.stream().filter(o -> o.getMetadata().getName().endsWith(nameSuffix))
                .flatMap(o -> o instanceof Deployment d ? Stream.of(d.getSpec().getTemplate().getSpec())
                        : o instanceof Job j ? Stream.of(j.getSpec().getTemplate().getSpec()) : Stream.empty())
                .toList();
        if (found.size() != 1) {
            throw new AssertionError(chart + " renders " + found.size() + " workloads named *" + nameSuffix);
        }
        return new RenderedPod(objects, found.get(0));
    }

    /** Another workload of the same rendering. */
    RenderedPod workload(String nameSuffix) {
        return objects.stream().filter(o -> o.getMetadata().getName().endsWith(nameSuffix))
                .flatMap(o -> o instanceof Deployment d ? Stream.of(d.getSpec().getTemplate().getSpec())
                        : o instanceof Job j ? Stream.of(j.getSpec().getTemplate().getSpec()) : Stream.empty())
                .findFirst().map(s -> new RenderedPod(objects, s))
                .orElseThrow(() -> new AssertionError("no workload named *" + nameSuffix));
    }

    PodSpec spec() {
        return spec;
    }

    /** An init container or a container of this pod, by name. */
    Container container(String name) {
        return Stream.concat(Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream(),
                        spec.getContainers().stream())
                .filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the pod has no container " + name));
    }

    /** Names of the init containers, in the order the kubelet runs them. */
    List<String> initContainers() {
        return Optional.ofNullable(spec.getInitContainers()).orElse(List.<Container>of()).stream()
                .map(Container::getName).toList();
    }

    String secretValue(String secret, String key) {
        Secret s = one(Secret.class, secret);
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
            return s.getStringData().get(key);
        }
        String b64 = s.getData() == null ? null : s.getData().get(key);
        if (b64 == null) {
            throw new AssertionError("Secret " + secret + " has no key " + key);
        }
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    ConfigMap configMap(String name) {
        return one(ConfigMap.class, name);
    }

    private <T extends HasMetadata> T one(Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the chart renders no " + type.getSimpleName() + " " + name));
    }
}
