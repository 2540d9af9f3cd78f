package dev.storefleet.charts;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.storefleet.charts.ChartFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/** What both store charts promise the console and the operator, checked on the rendered objects. */
class StoreChartContractTest {

    /** Renderings with the setup Job as a plain object: helm-java's template omits hooks. */
    static List<HasMetadata> withJob(String chart) {
        return parse(template(chart, RELEASE, merge(consoleValues(), values("setup.helmHook", false))));
    }

    static List<HasMetadata> defaultsWithJob(String chart) {
        return parse(template(chart, RELEASE, values("setup.helmHook", false)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void strictLintPassesWithDefaults(String chart) {
        LintResult result = lint(chartDir(chart));
        assertFalse(result.isFailed(), () -> chart + ": " + result.getMessages());
        assertTrue(result.getMessages().stream().noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]")),
                () -> chart + ": " + result.getMessages());
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void strictLintPassesWithTheValuesTheConsolePasses(String chart) {
        var copy = copyWithValues(chart, merge(consoleValues(),
                values("auth", Map.of("adminPassword", "Adm1n-passw0rd-from-console"))));
        try {
            LintResult result = lint(copy);
            assertFalse(result.isFailed(), () -> chart + ": " + result.getMessages());
        } finally {
            deleteTree(copy.getParent());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyRenderedDocumentParsesIntoTheTypedModel(String chart) {
        for (List<HasMetadata> objects : List.of(defaults(chart), withConsoleValues(chart), withJob(chart))) {
            assertTrue(objects.size() >= 12, () -> chart + " rendered only " + objects.size() + " objects");
            for (HasMetadata o : objects) {
                assertFalse(o instanceof GenericKubernetesResource,
                        () -> chart + ": untyped " + o.getKind() + "/" + o.getMetadata().getName());
                assertNotNull(o.getMetadata().getName());
            }
        }
        Set<String> kinds = new HashSet<>();
        withJob(chart).forEach(o -> kinds.add(o.getKind()));
        assertTrue(kinds.containsAll(Set.of("Secret", "Service", "StatefulSet", "Deployment", "Ingress",
                "NetworkPolicy", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Job")), () -> chart + ": " + kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyContainerHasAPinnedImage(String chart) {
        Pattern pinned = Pattern.compile("^[a-z0-9.-]+(/[a-z0-9._-]+)+:[A-Za-z0-9][A-Za-z0-9._-]*$");
        allContainers(withJob(chart)).forEach((where, c) -> {
            assertTrue(pinned.matcher(c.getImage()).matches(), () -> where + ": image not pinned: " + c.getImage());
            assertFalse(c.getImage().endsWith(":latest"), () -> where + ": " + c.getImage());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyContainerHasCpuAndMemoryRequestsAndLimits(String chart) {
        Map<String, Container> containers = allContainers(withJob(chart));
        assertTrue(containers.size() >= 4);
        containers.forEach((where, c) -> {
            var r = c.getResources();
            assertNotNull(r, where);
            for (String res : List.of("cpu", "memory")) {
                assertNotNull(r.getRequests() == null ? null : r.getRequests().get(res), where + " request " + res);
                assertNotNull(r.getLimits() == null ? null : r.getLimits().get(res), where + " limit " + res);
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyServingContainerHasReadinessAndLivenessProbes(String chart) {
        List<HasMetadata> objects = withJob(chart);
        List<String> checked = new ArrayList<>();
        podSpecs(objects).forEach((workload, spec) -> {
            if (workload.startsWith("Job/")) {
                return; // a Job runs to completion: the console waits for its completion instead
            }
            for (Container c : spec.getContainers()) {
                assertNotNull(c.getReadinessProbe(), workload + "/" + c.getName() + " readiness");
                assertNotNull(c.getLivenessProbe(), workload + "/" + c.getName() + " liveness");
                checked.add(workload);
            }
        });
        assertTrue(checked.size() >= 2, () -> "no workloads checked: " + checked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyPodRunsAsNonRootWithARestrictedSecurityContext(String chart) {
        List<HasMetadata> objects = withJob(chart);
        podSpecs(objects).forEach((workload, spec) -> {
            var psc = spec.getSecurityContext();
            assertNotNull(psc, workload);
            assertEquals(Boolean.TRUE, psc.getRunAsNonRoot(), workload + " runAsNonRoot");
            assertNotNull(psc.getRunAsUser(), workload + " runAsUser");
            assertNotEquals(0L, psc.getRunAsUser(), workload);
            assertEquals("RuntimeDefault", psc.getSeccompProfile().getType(), workload);
        });
        allContainers(objects).forEach((where, c) -> {
            var sc = c.getSecurityContext();
            assertNotNull(sc, where);
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), where);
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), where);
            assertNotEquals(Boolean.TRUE, sc.getPrivileged(), where);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void onlyTheSetupJobMountsAServiceAccountToken(String chart) {
        podSpecs(withJob(chart)).forEach((workload, spec) ->
                assertEquals(!workload.startsWith("Job/"), Boolean.FALSE.equals(spec.getAutomountServiceAccountToken()),
                        workload));
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void databasesKeepTheirDataOnPersistentVolumes(String chart) {
        List<HasMetadata> objects = withConsoleValues(chart);
        StatefulSet db = one(objects, StatefulSet.class, "-db");
        var claims = db.getSpec().getVolumeClaimTemplates();
        assertEquals(1, claims.size());
        assertEquals("data", claims.get(0).getMetadata().getName());
        assertEquals(List.of("ReadWriteOnce"), claims.get(0).getSpec().getAccessModes());
        assertNotNull(claims.get(0).getSpec().getResources().getRequests().get("storage"));
        String dataDir = chart.equals("woocommerce") ? "/var/lib/mysql" : "/var/lib/postgresql/data";
        assertTrue(db.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("data") && m.getMountPath().equals(dataDir)), dataDir);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void valuesYamlDefaultsHoldNoSecretValues(String chart) {
        List<String> found = new ArrayList<>();
        walk("", valuesYaml(chart), found);
        assertTrue(found.size() >= 3, () -> chart + ": expected secret-like keys to check, found " + found);
        found.forEach(entry -> assertTrue(entry.endsWith("="), () -> chart + ": values.yaml sets " + entry));
        // and what the chart renders without them is random, not a baked-in default
        Secret first = one(parse(templateUncached(chart, RELEASE, Map.of())), Secret.class, "-auth");
        Secret second = one(defaults(chart), Secret.class, "-auth");
        first.getData().forEach((k, v) -> {
            assertNotEquals(v, second.getData().get(k), chart + ": " + k + " is not generated");
            assertTrue(decode(v).length() >= 20, chart + ": " + k + " too short");
        });
    }

    @SuppressWarnings("unchecked")
    private static void walk(String prefix, Map<String, Object> map, List<String> found) {
        Pattern secretish = Pattern.compile("(?i).*(password|secret|token|apikey|salt)$");
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map<?, ?> m) {
                walk(key, (Map<String, Object>) m, found);
            } else if (secretish.matcher(k).matches()) {
                found.add(key + "=" + (v == null ? "" : v));
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void passwordsPassedByTheConsoleWinOverGeneratedOnes(String chart) {
        Map<String, Object> auth = chart.equals("woocommerce")
                ? Map.of("adminPassword", "Console-admin-pw-1", "databasePassword", "Console-db-pw-12")
                : Map.of("adminPassword", "Console-admin-pw-1", "databasePassword", "Console-db-pw-12");
        Secret secret = one(parse(template(chart, RELEASE, merge(consoleValues(), Map.of("auth", auth)))),
                Secret.class, "-auth");
        String dbKey = chart.equals("woocommerce") ? "db-password" : "database-password";
        assertEquals("Console-admin-pw-1", decode(secret.getData().get("admin-password")));
        assertEquals("Console-db-pw-12", decode(secret.getData().get(dbKey)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void upgradesKeepTheSecretsAlreadyInTheNamespace(String chart) {
        String ns = "store-keeps-" + chart;
        Secret fresh = one(parse(templateUncached(chart, ns, Map.of())), Secret.class, "-auth");
        String name = fresh.getMetadata().getName();
        Map<String, String> stored = new java.util.HashMap<>(fresh.getData());
        stored.put("admin-password", encode("already-in-the-cluster-1"));
        FakeApiServer api = FakeApiServer.start();
        api.putSecret(ns, name, toJson(Map.of("apiVersion", "v1", "kind", "Secret",
                "metadata", Map.of("name", name, "namespace", ns), "type", "Opaque", "data", stored)));
        try {
            Secret upgraded = one(parse(templateUncached(chart, ns, Map.of())), Secret.class, "-auth");
            assertEquals(stored, upgraded.getData(), () -> chart + ": an upgrade re-randomised secrets; API saw " + api.requests);
            assertTrue(api.requests.contains("GET /api/v1/namespaces/" + ns + "/secrets/" + name), "lookup not made");
        } finally {
            api.removeSecret(ns, name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void ingressFollowsHostClassAndTlsValues(String chart) {
        Ingress ingress = ofKind(withConsoleValues(chart), Ingress.class).get(0);
        assertEquals("traefik", ingress.getSpec().getIngressClassName());
        assertEquals(HOST, ingress.getSpec().getRules().get(0).getHost());
        assertEquals(List.of(HOST), ingress.getSpec().getTls().get(0).getHosts());
        assertEquals(RELEASE + "-" + chart + "-tls", ingress.getSpec().getTls().get(0).getSecretName());
        assertEquals("letsencrypt-staging", ingress.getMetadata().getAnnotations().get("cert-manager.io/cluster-issuer"));

        Ingress other = ofKind(parse(template(chart, RELEASE, Map.of("ingress", Map.of(
                "host", "shop.example.org", "className", "nginx")))), Ingress.class).get(0);
        assertEquals("nginx", other.getSpec().getIngressClassName());
        assertEquals("shop.example.org", other.getSpec().getRules().get(0).getHost());
        assertTrue(other.getSpec().getTls() == null || other.getSpec().getTls().isEmpty(), "TLS off by default");
        assertTrue(other.getMetadata().getAnnotations() == null
                || !other.getMetadata().getAnnotations().containsKey("cert-manager.io/cluster-issuer"));

        Ingress byDefault = ofKind(defaults(chart), Ingress.class).get(0);
        assertEquals("traefik", byDefault.getSpec().getIngressClassName(), "k3s's class by default");
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyObjectCarriesStandardAndStoreLabels(String chart) {
        for (HasMetadata o : withJob(chart)) {
            Map<String, String> labels = o.getMetadata().getLabels();
            String what = o.getKind() + "/" + o.getMetadata().getName();
            assertEquals(chart, labels.get("app.kubernetes.io/name"), what);
            assertEquals(RELEASE, labels.get("app.kubernetes.io/instance"), what);
            assertEquals("Helm", labels.get("app.kubernetes.io/managed-by"), what);
            assertNotNull(labels.get("app.kubernetes.io/version"), what);
            assertEquals(STORE_ID, labels.get("storefleet.dev/store-id"), what);
        }
    }

    /** The console's Pods tab finds a store's pods by this label: every pod, the setup Job's included. */
    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void everyPodTemplateCarriesTheReleaseLabel(String chart) {
        List<String> kinds = new java.util.ArrayList<>();
        for (HasMetadata o : withJob(chart)) {
            io.fabric8.kubernetes.api.model.PodTemplateSpec template = o instanceof Deployment d
                    ? d.getSpec().getTemplate() : o instanceof StatefulSet s ? s.getSpec().getTemplate()
                    : o instanceof Job j ? j.getSpec().getTemplate() : null;
            if (template != null) {
                kinds.add(o.getKind());
                assertEquals(RELEASE, template.getMetadata().getLabels().get("app.kubernetes.io/instance"),
                        o.getKind() + "/" + o.getMetadata().getName());
            }
        }
        assertTrue(kinds.contains("Job") && kinds.contains("Deployment") && kinds.contains("StatefulSet"),
                () -> "workloads rendered: " + kinds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void storeNameReachesTheSetupJobOnlyAsAnEnvironmentVariable(String chart) {
        List<HasMetadata> objects = withJob(chart);
        Job job = ofKind(objects, Job.class).get(0);
        Container setup = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(TRICKY_NAME, setup.getEnv().stream().filter(e -> e.getName().equals("STORE_NAME"))
                .findFirst().orElseThrow().getValue());
        assertTrue(setup.getCommand().stream().noneMatch(a -> a.contains("Joe")), "name in the command line");
        assertTrue(setup.getArgs() == null || setup.getArgs().stream().noneMatch(a -> a.contains("Joe")));
        for (HasMetadata o : objects) {
            if (o instanceof io.fabric8.kubernetes.api.model.ConfigMap cm) {
                cm.getData().forEach((file, text) ->
                        assertFalse(text.contains("Joe"), () -> file + " has the store name pasted in"));
            }
        }
        var ingressLess = parse(template(chart, RELEASE, merge(consoleValues(),
                values("store.name", "Ünïcödé — “quotes” & <tags>"))));
        assertFalse(ingressLess.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void setupJobIsAPostInstallAndPostUpgradeHook(String chart) {
        // hooks are not part of the release manifest that helm-java's template prints ...
        assertTrue(ofKind(withConsoleValues(chart), Job.class).isEmpty(), "setup Job rendered as a plain resource");
        // ... and with helmHook=false the same Job appears, without hook annotations
        Job plain = ofKind(withJob(chart), Job.class).get(0);
        assertTrue(plain.getMetadata().getAnnotations() == null
                || !plain.getMetadata().getAnnotations().containsKey("helm.sh/hook"));
        assertEquals("Never", plain.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertNotNull(plain.getSpec().getActiveDeadlineSeconds(), "a stuck setup must end");
        assertNotNull(plain.getSpec().getBackoffLimit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void setupJobMayOnlyWriteTheStoreApiSecret(String chart) {
        List<HasMetadata> objects = withJob(chart);
        Job job = ofKind(objects, Job.class).get(0);
        String sa = job.getSpec().getTemplate().getSpec().getServiceAccountName();
        assertEquals(RELEASE + "-" + chart + "-setup", sa);
        Role role = one(objects, Role.class, "-setup");
        for (PolicyRule rule : role.getRules()) {
            assertEquals(List.of(""), rule.getApiGroups());
            assertEquals(List.of("secrets"), rule.getResources());
            if (rule.getResourceNames() == null || rule.getResourceNames().isEmpty()) {
                assertEquals(List.of("create"), rule.getVerbs(), "only create may go without a resource name");
            } else {
                assertEquals(List.of("storefleet-store-api"), rule.getResourceNames());
                assertTrue(Set.of("get", "patch", "update").containsAll(rule.getVerbs()), rule.getVerbs().toString());
            }
        }
        var env = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertEquals("storefleet-store-api", env.stream().filter(e -> e.getName().equals("API_SECRET_NAME"))
                .findFirst().orElseThrow().getValue());
        String labels = env.stream().filter(e -> e.getName().equals("API_SECRET_LABELS")).findFirst().orElseThrow().getValue();
        assertTrue(labels.contains("\"storefleet.dev/role\":\"store-api\""), labels);
        assertTrue(labels.contains("\"storefleet.dev/store-id\":\"42\""), labels);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void networkPoliciesDenyByDefaultAndOpenOnlyTheNeededPaths(String chart) {
        List<NetworkPolicy> policies = ofKind(withConsoleValues(chart), NetworkPolicy.class);
        NetworkPolicy deny = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-default-deny"))
                .findFirst().orElseThrow();
        assertEquals(Map.of("app.kubernetes.io/name", chart, "app.kubernetes.io/instance", RELEASE),
                deny.getSpec().getPodSelector().getMatchLabels());
        assertTrue(deny.getSpec().getIngress() == null || deny.getSpec().getIngress().isEmpty());

        NetworkPolicy web = policies.stream()
                .filter(p -> p.getMetadata().getName().endsWith(chart.equals("woocommerce") ? "-wordpress" : "-server"))
                .findFirst().orElseThrow();
        var from = web.getSpec().getIngress().get(0).getFrom().get(0);
        assertEquals("kube-system", from.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
        assertEquals("traefik", from.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));

        NetworkPolicy db = policies.stream().filter(p -> p.getMetadata().getName().endsWith("-db")).findFirst().orElseThrow();
        assertEquals(1, db.getSpec().getIngress().size());
        db.getSpec().getIngress().get(0).getFrom().forEach(peer -> {
            assertNull(peer.getNamespaceSelector(), "database reachable from another namespace");
            assertTrue(Set.of("wordpress", "server", "setup")
                    .contains(peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/component")));
        });
        assertTrue(ofKind(parse(template(chart, RELEASE, values("networkPolicy.enabled", false))), NetworkPolicy.class)
                .isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void namesFitKubernetesLimitsForTheLongestReleaseName(String chart) {
        String longest = "store-" + "a".repeat(29) + "z"; // 36 characters, the console's maximum
        assertEquals(36, longest.length());
        List<HasMetadata> objects = parse(template(chart, longest,
                merge(consoleValues(longest, "x.example.com"), values("setup.helmHook", false))));
        for (HasMetadata o : objects) {
            String name = o.getMetadata().getName();
            assertTrue(name.length() <= 63 && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), name);
            o.getMetadata().getLabels().values().forEach(v -> assertTrue(v.length() <= 63, name + " label " + v));
            if (o instanceof StatefulSet) {
                // pods get "controller-revision-hash: <name>-<10 chars>", itself a label value
                assertTrue(name.length() <= 52, name + " too long for a StatefulSet");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void twoReleasesNeverShareAnObjectName(String chart) {
        Set<String> a = new HashSet<>();
        parse(template(chart, "store-one", values("setup.helmHook", false)))
                .forEach(o -> a.add(o.getKind() + "/" + o.getMetadata().getName()));
        List<String> clashes = new ArrayList<>();
        parse(template(chart, "store-two", values("setup.helmHook", false)))
                .forEach(o -> {
                    String key = o.getKind() + "/" + o.getMetadata().getName();
                    if (a.contains(key)) {
                        clashes.add(key);
                    }
                });
        assertEquals(List.of(), clashes);
    }

    static Stream<Arguments> refusedValues() {
        List<Arguments> cases = new ArrayList<>();
        for (String chart : CHARTS) {
            String image = chart.equals("woocommerce") ? "wordpress.image.tag" : "medusa.image.tag";
            cases.add(Arguments.of(chart, "ingress.host", "Not A Host!", "/ingress/host"));
            cases.add(Arguments.of(chart, "ingress.className", "", "/ingress/className"));
            cases.add(Arguments.of(chart, "store.name", "x".repeat(64), "/store/name"));
            cases.add(Arguments.of(chart, "store.name", "", "/store/name"));
            cases.add(Arguments.of(chart, "store.adminEmail", "not-an-email", "/store/adminEmail"));
            cases.add(Arguments.of(chart, "store.id", "has spaces", "/store/id"));
            cases.add(Arguments.of(chart, "store.colour", "blue", "colour"));
            cases.add(Arguments.of(chart, image, "latest", image.replace('.', '/')));
            cases.add(Arguments.of(chart, "auth.adminPassword", "short", "/auth/adminPassword"));
            cases.add(Arguments.of(chart, "ingress.tls.enabled", "yes", "/ingress/tls/enabled"));
        }
        cases.add(Arguments.of("medusa", "auth.databasePassword", "has@and/in-a-url", "/auth/databasePassword"));
        // the node image runs the store by default; the prebuilt store image is refused unpinned too
        cases.add(Arguments.of("medusa", "medusa.nodeImage.tag", "latest", "/medusa/nodeImage/tag"));
        cases.add(Arguments.of("medusa", "medusa.install.npmRegistry", "not a url", "/medusa/install/npmRegistry"));
        cases.add(Arguments.of("woocommerce", "woocommerce.version", "latest", "/woocommerce/version"));
        // the setup Job hands it to WP-CLI as one line on standard input
        cases.add(Arguments.of("woocommerce", "auth.adminPassword", "first-line\nsecond-line", "/auth/adminPassword"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}={2}")
    @MethodSource("refusedValues")
    void valuesTheSchemaForbidsAreRefusedWithAClearMessage(String chart, String key, String value, String where) {
        Exception e = assertThrows(Exception.class,
                () -> templateUncached(chart, RELEASE, merge(consoleValues(), values(key, value))));
        String message = e.getMessage();
        assertTrue(message.contains("values don't meet the specifications of the schema"), message);
        assertTrue(message.contains(where), () -> "message does not point at " + where + ": " + message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"woocommerce", "medusa"})
    void tlsWithoutAHostIsRefused(String chart) {
        Exception e = assertThrows(Exception.class, () -> templateUncached(chart, RELEASE,
                Map.of("ingress", Map.of("host", "", "tls", Map.of("enabled", true)))));
        assertTrue(e.getMessage().contains("/ingress/host"), e.getMessage());
    }

    static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String toJson(Object o) {
        return new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(o);
    }

    static PodSpec podSpec(HasMetadata workload) {
        if (workload instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (workload instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        throw new IllegalArgumentException(workload.getKind());
    }

    static List<PersistentVolumeClaim> claims(List<HasMetadata> objects) {
        return ofKind(objects, PersistentVolumeClaim.class);
    }
}
