package dev.storefleet.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.app.Storefleet;
import dev.storefleet.cluster.BundledCharts;
import dev.storefleet.cluster.ClusterConnection;
import dev.storefleet.cluster.DiagnosisRules;
import dev.storefleet.cluster.Fabric8StoreCluster;
import dev.storefleet.cluster.Fabric8StoreInspector;
import dev.storefleet.cluster.Fabric8StoreNetwork;
import dev.storefleet.cluster.Fabric8StorePods;
import dev.storefleet.cluster.HelmJavaReleases;
import dev.storefleet.cluster.Kubeconfig;
import dev.storefleet.cluster.RealClusterAdapters;
import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.PodService;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.StorePods;
import dev.storefleet.store.StoreApiClient;
import dev.storefleet.store.StoreApiTimeouts;
import dev.storefleet.testcluster.AccessRecord;
import dev.storefleet.testcluster.PodFault;
import dev.storefleet.testcluster.TestKubernetesApi;
import dev.storefleet.testing.Eventually;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's ClusterRole against what the engine really asks of Kubernetes. The engine runs as
 * it runs in the cluster (the pod's service-account token and CA, no kubeconfig, HTTPS) on the
 * test API, which records every request it serves with the token it carried; a real sequence
 * runs through the engine: reconciliation and the fleet watch, WooCommerce and Medusa stores
 * provisioned, pods listed, logs read and followed, events and the admin login read, an order
 * attempted through a port-forward, an upgrade, the history and a rollback, a stuck setup Job
 * stopped and the store retried, a crash loop diagnosed with its log and retried, then a new console with newer chart versions upgrading every
 * store (Helm patches every kind), and the deletes. Then:
 * <ul>
 *   <li>every recorded (API group, resource/subresource, verb) is granted by the ClusterRole,
 *       every non-resource request by Kubernetes' default discovery roles;</li>
 *   <li>every (group, resource, verb) the ClusterRole grants was recorded, or is in {@link #KEPT}
 *       with the path that needs it (and is not recorded: the list is kept honest);</li>
 *   <li>the ClusterRole holds every permission of the Roles the store charts create (Kubernetes
 *       refuses to let anyone create a Role granting more than it holds itself).</li>
 * </ul>
 */
@Timeout(480)
class ControlPlaneRbacTest {
    /** The pod's service-account token; the test's own client carries another, so only the engine's requests count. */
    static final String SERVICE_ACCOUNT_TOKEN = "eyJhbGciOiJSUzI1NiJ9.storefleet-control-plane.sa";
    static final EngineSettings SETTINGS = new EngineSettings(2, Duration.ofSeconds(60), Duration.ofSeconds(20),
            "stores.test", "traefik");
    static final Duration SETTLE = Duration.ofSeconds(120);

    /** Granted, not exercised by the sequence, and why each is needed. */
    static final Map<Permission, String> KEPT = Map.of();

    /**
     * Paths Kubernetes lets every authenticated user GET (ClusterRoles system:discovery and
     * system:public-info-viewer, bound to system:authenticated): none needs a rule here.
     */
    static final List<String> DISCOVERY_PATHS = List.of("/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez",
            "/readyz", "/openapi", "/openapi/*", "/version", "/version/");

    /** One RBAC permission: {@code resource} may be {@code resource/subresource}; {@code ""} is the core group. */
    record Permission(String group, String resource, String verb) implements Comparable<Permission> {
        static Permission of(AccessRecord r) {
            return new Permission(r.group(), r.resourceName(), r.verb());
        }

        @Override
        public int compareTo(Permission o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
        }
    }

    @TempDir
    Path dir;

    @Test
    void everyRequestOfTheEngineIsGrantedAndEveryGrantIsUsed() throws Exception {
        ClusterRole role = clusterRole();
        Set<Permission> granted = grants(role.getRules());
        List<AccessRecord> records;
        try (TestKubernetesApi api = TestKubernetesApi.withTls(dir.resolve("tls"))) {
            api.crashRestartEvery(Duration.ofMillis(100));
            runTheSequence(api, inClusterEnvironment(api, dir.resolve("serviceaccount")));
            records = api.accessRecords(SERVICE_ACCOUNT_TOKEN);
        }
        Set<Permission> used = records.stream().filter(AccessRecord::isResource).map(Permission::of)
                .collect(Collectors.toCollection(TreeSet::new));
        System.out.println("ControlPlaneRbacTest: " + records.size() + " authorizations recorded; permissions used:\n  "
                + used.stream().map(Permission::toString).collect(Collectors.joining("\n  ")));

        List<String> denied = records.stream().filter(AccessRecord::isResource)
                .filter(r -> !granted.contains(Permission.of(r))).map(AccessRecord::toString).distinct().toList();
        assertEquals(List.of(), denied, "requests the ClusterRole does not grant");
        List<String> undiscovered = records.stream().filter(r -> !r.isResource())
                .filter(r -> !r.verb().equals("get") || DISCOVERY_PATHS.stream().noneMatch(p -> matches(p, r.nonResourcePath())))
                .map(AccessRecord::toString).distinct().toList();
        assertEquals(List.of(), undiscovered, "non-resource requests beyond Kubernetes' default discovery roles");

        Set<Permission> unused = new TreeSet<>(granted);
        unused.removeAll(used);
        unused.removeAll(KEPT.keySet());
        assertEquals(Set.of(), unused, "granted but never used (and not kept for a reason in KEPT)");
        Set<Permission> keptButUsed = new TreeSet<>(KEPT.keySet());
        keptButUsed.retainAll(used);
        assertEquals(Set.of(), keptButUsed, "in KEPT although the sequence uses them");
        Set<Permission> keptButNotGranted = new TreeSet<>(KEPT.keySet());
        keptButNotGranted.removeAll(granted);
        assertEquals(Set.of(), keptButNotGranted, "in KEPT but not in the ClusterRole");
    }

    @Test
    void theClusterRoleHoldsEveryPermissionOfTheRolesTheStoreChartsCreate() {
        Set<Permission> granted = grants(clusterRole().getRules());
        for (String chart : ChartFixture.CHARTS) {
            List<Role> roles = ChartFixture.ofKind(ChartFixture.withConsoleValues(chart), Role.class);
            assertFalse(roles.isEmpty(), chart);
            for (Role r : roles) {
                Set<Permission> needed = grants(r.getRules());
                needed.removeAll(granted);
                assertEquals(Set.of(), needed, chart + " Role " + r.getMetadata().getName()
                        + ": Kubernetes would refuse to let the engine create it (RBAC escalation check)");
            }
        }
    }

    @Test
    void theClusterRoleNamesEveryGroupResourceAndVerbItGrants() {
        for (PolicyRule rule : clusterRole().getRules()) {
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs()).flatMap(List::stream)
                    .forEach(word -> assertFalse(word.contains("*"), () -> "wildcard in " + rule));
            assertTrue(rule.getResourceNames() == null || rule.getResourceNames().isEmpty(), rule::toString);
        }
    }

    // ---- the sequence ---------------------------------------------------------------------------

    private void runTheSequence(TestKubernetesApi api, Map<String, String> env) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home")); // no ~/.kube/config here
        List<Store> stores = new ArrayList<>();
        try (Engine engine = Engine.open(env, home, dir.resolve("data"), new BundledCharts(dir.resolve("data/charts")))) {
            Storefleet app = engine.app;
            app.stores().reconcile();
            app.startWatching();
            Store woo = engine.create("Corner Shop", "alice", null);
            Store medusa = engine.create("Medusa Shop", "bob", "medusa");
            engine.awaitStatus(woo, StoreStatus.READY);
            engine.awaitStatus(medusa, StoreStatus.READY);
            stores.add(woo);
            stores.add(medusa);

            // what an operator looks at: pods, logs, events, the admin login
            List<PodSummary> pods = app.pods().pods(woo.id());
            PodSummary pod = pods.stream().filter(p -> !p.appContainers().isEmpty()).findFirst().orElseThrow();
            String container = pod.appContainers().get(0).name();
            app.pods().tail(woo.id(), new PodService.LogQuery(pod.name(), container, 50, false));
            try (StorePods.LogFollow follow = app.pods().follow(woo.id(),
                    new PodService.LogQuery(pod.name(), container, 10, false), new StorePods.LogSink() {
                        @Override
                        public void lines(List<String> lines) {
                        }

                        @Override
                        public void ended(String reason) {
                        }
                    })) {
                Eventually.until(api::openLogFollows, n -> n > 0, Duration.ofSeconds(10));
            }
            app.inspection().recentEvents(woo.id(), 20);
            app.inspection().adminCredentials(woo.id(), "ops");

            // an order to a store whose public URL does not answer goes through a port-forward
            // (the test API cannot carry its WebSocket, so the call fails after the request)
            api.client().secrets().inNamespace(woo.namespace()).resource(new SecretBuilder().withNewMetadata()
                    .withName("storefleet-store-api").endMetadata()
                    .addToStringData("url", "http://127.0.0.1:" + closedPort() + "/")
                    .addToStringData("consumerKey", "ck_test").addToStringData("consumerSecret", "cs_test").build())
                    .create();
            assertThrows(StoreApiException.class, () -> app.orders().listOrders(woo.id(), 5));
            assertTrue(api.accessRecords(SERVICE_ACCOUNT_TOKEN).stream().anyMatch(r -> r.resourceName().equals("pods/portforward")),
                    "the port-forward reached the API");

            // upgrade, history, rollback
            app.stores().upgrade(woo.id(), Map.of("wordpress", Map.of("replicaCount", 2)), "ops");
            engine.settle();
            app.stores().history(woo.id());
            app.stores().rollbackDiff(woo.id(), 1);
            app.stores().rollback(woo.id(), 1, "ops");
            engine.settle();
            engine.awaitStatus(woo, StoreStatus.READY);

            // a setup Job that cannot pull its image is stopped (its deadline patched), then retried
            PodFault pull = api.imagePullFails("wordpress:cli");
            Store hook = engine.create("Hook Shop", "carol", null);
            engine.awaitStatus(hook, StoreStatus.FAILED);
            pull.lift();
            app.stores().retry(hook.id(), "carol");
            engine.awaitStatus(hook, StoreStatus.READY);
            stores.add(hook);

            // a crash loop fails the store with the crashed instance's log (read as the diagnosis reads it)
            PodFault crash = api.crashLoop("-db-0$", "mariadb", List.of("[ERROR] InnoDB: Cannot allocate memory"));
            Store crashing = engine.create("Crash Shop", "dave", null);
            engine.awaitStatus(crashing, StoreStatus.FAILED);
            assertTrue(app.stores().get(crashing.id()).lastError().contains("Cannot allocate memory"),
                    () -> app.stores().get(crashing.id()).lastError());
            crash.lift();
            app.stores().retry(crashing.id(), "dave");
            engine.awaitStatus(crashing, StoreStatus.READY);
            stores.add(crashing);
        }

        // the console upgraded: its bundled charts are newer, so an upgrade changes every object
        Path newer = newerCharts(dir.resolve("newer-charts"));
        try (Engine engine = Engine.open(env, home, dir.resolve("data"), BundledCharts.inDirectory(newer))) {
            Storefleet app = engine.app;
            app.stores().reconcile();
            app.startWatching();
            for (Store s : stores) {
                app.stores().upgrade(s.id(), Map.of(), "ops");
            }
            engine.settle();
            for (Store s : stores) {
                engine.awaitStatus(s, StoreStatus.READY);
                app.stores().delete(s.id(), "ops");
            }
            engine.settle();
            assertEquals(List.of(), app.stores().list(), "every store deleted");
            for (Store s : stores) {
                assertNull(api.client().namespaces().withName(s.namespace()).get(), s.namespace());
            }
        }
    }

    /** The engine wired as {@code ClusterAdapters.connect} wires it in a pod, stuck releases judged after 2 s. */
    private static final class Engine implements AutoCloseable {
        final ClusterConnection connection;
        final Storefleet app;

        private Engine(ClusterConnection connection, Storefleet app) {
            this.connection = connection;
            this.app = app;
        }

        static Engine open(Map<String, String> env, Path home, Path dataDir, BundledCharts charts) {
            ClusterConnection connection = new ClusterConnection(() -> Kubeconfig.load(env, home), null,
                    dataDir.resolve("work"));
            HelmJavaReleases helm = new HelmJavaReleases(connection, charts, dataDir.resolve("work"),
                    SETTINGS.readyTimeout());
            Fabric8StoreCluster cluster = new Fabric8StoreCluster(connection, Duration.ofMillis(200),
                    DiagnosisRules.DEFAULTS.withGrace(Duration.ofSeconds(2)));
            Storefleet app = Storefleet.start(dataDir, helm, cluster, connection, new Fabric8StoreInspector(connection),
                    new Fabric8StorePods(connection),
                    new StoreApiClient(new Fabric8StoreNetwork(connection), StoreApiTimeouts.DEFAULTS, Clock.systemUTC()),
                    RealClusterAdapters.fleetWatch(connection), SETTINGS, Clock.systemUTC());
            return new Engine(connection, app);
        }

        Store create(String name, String owner, String type) {
            return app.stores().create(new NewStoreRequest(name, owner, owner + "@example.com", type), owner);
        }

        void awaitStatus(Store store, StoreStatus status) {
            Store seen = Eventually.until(() -> app.stores().get(store.id()), s -> s.status() == status, SETTLE);
            assertEquals(status, seen.status(), () -> store.name() + ": " + seen.lastError());
        }

        void settle() throws InterruptedException {
            assertTrue(app.executor().awaitIdle(SETTLE), "background work did not finish");
        }

        @Override
        public void close() {
            try {
                app.close();
            } finally {
                connection.close();
            }
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** What Kubernetes puts into a pod, pointed at files of the test: no kubeconfig anywhere. */
    static Map<String, String> inClusterEnvironment(TestKubernetesApi api, Path accountDir) throws IOException {
        Files.createDirectories(accountDir);
        Path token = Files.writeString(accountDir.resolve("token"), SERVICE_ACCOUNT_TOKEN);
        return Map.of("KUBERNETES_SERVICE_HOST", "127.0.0.1", "KUBERNETES_SERVICE_PORT", String.valueOf(api.port()),
                "KUBERNETES_AUTH_SERVICEACCOUNT_TOKEN", token.toString(),
                "KUBERNETES_CERTS_CA_FILE", api.caCertificate().toString());
    }

    static ClusterRole clusterRole() {
        List<HasMetadata> objects = ChartFixture.parse(ChartFixture.template("storefleet", "storefleet", Map.of()));
        return ChartFixture.ofKind(objects, ClusterRole.class).get(0);
    }

    static Set<Permission> grants(List<PolicyRule> rules) {
        Set<Permission> all = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        all.add(new Permission(group, resource, verb));
                    }
                }
            }
        }
        return all;
    }

    /** RBAC's nonResourceURLs: exact, or a prefix ending in {@code *}. */
    static boolean matches(String rule, String path) {
        return rule.endsWith("*") ? path.startsWith(rule.substring(0, rule.length() - 1)) : rule.equals(path);
    }

    /** A copy of the store charts with the next patch version: every object's helm.sh/chart label changes. */
    static Path newerCharts(Path target) throws IOException {
        for (String chart : ChartFixture.CHARTS) {
            Path source = ChartFixture.chartDir(chart);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path t = target.resolve(chart).resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            Path chartYaml = target.resolve(chart).resolve("Chart.yaml");
            String text = Files.readString(chartYaml);
            String bumped = text.replaceFirst("(?m)^version: (\\d+)\\.(\\d+)\\.(\\d+)$", "version: $1.$2.999");
            assertFalse(text.equals(bumped), chart + ": no version line to bump");
            Files.writeString(chartYaml, bumped);
        }
        return target;
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
