package dev.storefleet.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the store charts with the embedded Helm (helm-java) the console uses, and parses the
 * output into fabric8's typed model. Renderings are cached per (chart, release, values) so the
 * test classes share them: the first helm-java call in a JVM costs about a second.
 */
final class ChartFixture {

    static final List<String> CHARTS = List.of("woocommerce", "medusa");
    static final String SLUG = "my-store";
    static final String RELEASE = "store-" + SLUG;
    /** A store name that breaks naive quoting in YAML, shell and PHP alike. */
    static final String TRICKY_NAME = "Joe's \"Best\" Café $(rm -rf /) `id` \\ ☕";
    static final String STORE_ID = "42";
    static final String HOST = "my-store.shops.example.com";
    /** helm template defaults to Kubernetes 1.20; the charts need 1.25+ (k3s ships far newer). */
    static final String KUBE_VERSION = "1.33.0";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private ChartFixture() {
    }

    static Path repositoryRoot() {
        Path base = Paths.get(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("charts")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no charts/ directory above " + base);
    }

    static Path chartDir(String chart) {
        return repositoryRoot().resolve("charts").resolve(chart);
    }

    /** The values the console passes when it provisions a store (see charts/README.md). */
    static Map<String, Object> consoleValues(String release, String host) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("store", Map.of("name", TRICKY_NAME, "adminEmail", "owner@example.com", "id", STORE_ID));
        values.put("ingress", Map.of("host", host, "className", "traefik",
                "tls", Map.of("enabled", true, "clusterIssuer", "letsencrypt-staging")));
        return values;
    }

    static Map<String, Object> consoleValues() {
        return consoleValues(RELEASE, HOST);
    }

    static String toYaml(Object values) {
        return SERIALIZATION.asYaml(values);
    }

    static Path writeValuesFile(Map<String, Object> values) {
        try {
            Path file = Files.createTempFile("storefleet-values-", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, toYaml(values));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** helm template, uncached; throws with Helm's message when the chart refuses the values. */
    static String templateUncached(String chart, String release, Map<String, Object> values) {
        FakeApiServer.start();
        var command = new Helm(chartDir(chart)).template().withName(release).withNamespace(release)
                .withKubeVersion(KUBE_VERSION);
        if (values != null && !values.isEmpty()) {
            command = command.withValuesFile(writeValuesFile(values));
        }
        return command.call();
    }

    static String template(String chart, String release, Map<String, Object> values) {
        String key = chart + "|" + release + "|" + (values == null ? "" : toYaml(values));
        return RENDERED.computeIfAbsent(key, k -> templateUncached(chart, release, values));
    }

    static List<HasMetadata> parse(String yaml) {
        Object parsed = SERIALIZATION.unmarshal(yaml);
        List<HasMetadata> items = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            list.forEach(o -> items.add((HasMetadata) o));
        } else if (parsed instanceof KubernetesList list) {
            items.addAll(list.getItems());
        } else if (parsed instanceof HasMetadata one) {
            items.add(one);
        }
        return items;
    }

    static List<HasMetadata> defaults(String chart) {
        return parse(template(chart, RELEASE, Map.of()));
    }

    static List<HasMetadata> withConsoleValues(String chart) {
        return parse(template(chart, RELEASE, consoleValues()));
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String nameSuffix) {
        List<T> found = ofKind(objects, type).stream()
                .filter(o -> o.getMetadata().getName().endsWith(nameSuffix)).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " named *" + nameSuffix + ", found "
                    + found.stream().map(o -> o.getMetadata().getName()).toList());
        }
        return found.get(0);
    }

    /** Pod specs of every workload, keyed by "Kind/name". */
    static Map<String, PodSpec> podSpecs(List<HasMetadata> objects) {
        Map<String, PodSpec> specs = new LinkedHashMap<>();
        ofKind(objects, Deployment.class).forEach(d -> specs.put("Deployment/" + d.getMetadata().getName(),
                d.getSpec().getTemplate().getSpec()));
        ofKind(objects, StatefulSet.class).forEach(s -> specs.put("StatefulSet/" + s.getMetadata().getName(),
                s.getSpec().getTemplate().getSpec()));
        ofKind(objects, Job.class).forEach(j -> specs.put("Job/" + j.getMetadata().getName(),
                j.getSpec().getTemplate().getSpec()));
        return specs;
    }

    /** Every container, init containers included, keyed by "Kind/name/container". */
    static Map<String, Container> allContainers(List<HasMetadata> objects) {
        Map<String, Container> containers = new LinkedHashMap<>();
        podSpecs(objects).forEach((workload, spec) -> Stream.concat(
                        Optional.ofNullable(spec.getInitContainers()).orElse(List.of()).stream(),
                        spec.getContainers().stream())
                .forEach(c -> containers.put(workload + "/" + c.getName(), c)));
        return containers;
    }

    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /** A copy of the chart whose values.yaml has the given values merged in (Helm lint takes no values). */
    @SuppressWarnings("unchecked")
    static Path copyWithValues(String chart, Map<String, Object> overrides) {
        try {
            Path target = Files.createTempDirectory("storefleet-chart-").resolve(chart);
            Path source = chartDir(chart);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path t = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            Map<String, Object> values = SERIALIZATION.unmarshal(Files.readString(source.resolve("values.yaml")), Map.class);
            Files.writeString(target.resolve("values.yaml"), toYaml(merge(values, overrides)));
            target.getParent().toFile().deleteOnExit();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        overrides.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m && result.get(k) instanceof Map<?, ?> b) {
                result.put(k, merge((Map<String, Object>) b, (Map<String, Object>) m));
            } else {
                result.put(k, v);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> valuesYaml(String chart) {
        try {
            return SERIALIZATION.unmarshal(Files.readString(chartDir(chart).resolve("values.yaml")), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Nested map builder: values("ingress.host", "x") → {ingress: {host: x}}. */
    static Map<String, Object> values(String dottedKey, Object value) {
        String[] parts = dottedKey.split("\\.");
        Object current = value;
        for (int i = parts.length - 1; i >= 0; i--) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(parts[i], current);
            current = m;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) current;
        return result;
    }
}
