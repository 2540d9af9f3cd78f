package dev.storefleet.testcluster;

import static dev.storefleet.testcluster.TestObjects.namespace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Watches that end, resume, expire and go quiet, seen by a real fabric8 SharedIndexInformer
 * across namespaces with a label selector, and at the HTTP level.
 */
@Timeout(90)
class BrokenWatchesTest {

    private TestKubernetesApi api;
    private KubernetesClient k;

    @BeforeEach
    void start() {
        api = new TestKubernetesApi();
        k = api.client();
        for (String ns : List.of("shop-a", "shop-b")) {
            namespace(k, ns);
            k.resource(TestObjects.deployment(ns, "web", 1, "nginx:1.27")).create();
        }
        k.resource(TestObjects.deployment("shop-a", "other", 1, "busybox:1.36")).create();
        Eventually.until(() -> k.pods().inAnyNamespace().list().getItems(), p -> p.size() == 3 && p.stream().allMatch(TestObjects::ready));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Set<String> webPodsOnTheServer() {
        return k.pods().inAnyNamespace().withLabel("app", "web").list().getItems().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName() + "@" + p.getMetadata().getResourceVersion())
                .collect(Collectors.toSet());
    }

    private static Set<String> cached(SharedIndexInformer<Pod> informer) {
        return informer.getStore().list().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName() + "@" + p.getMetadata().getResourceVersion())
                .collect(Collectors.toSet());
    }

    private String webPodIn(String ns) {
        return k.pods().inNamespace(ns).withLabel("app", "web").list().getItems().get(0).getMetadata().getName();
    }

    /** Deletes the web pod of shop-a and waits for its replacement to be ready: a change the informer must catch up on. */
    private void replaceThePodOfShopA() {
        String old = webPodIn("shop-a");
        k.pods().inNamespace("shop-a").withName(old).delete();
        Eventually.until(() -> k.pods().inNamespace("shop-a").withLabel("app", "web").list().getItems(),
                p -> p.size() == 1 && !p.get(0).getMetadata().getName().equals(old) && TestObjects.ready(p.get(0)));
    }

    /** inform() returns once the informer has listed; its watch opens just after. */
    private SharedIndexInformer<Pod> watchingInformer() {
        SharedIndexInformer<Pod> informer = k.pods().inAnyNamespace().withLabel("app", "web").inform();
        Eventually.until(() -> cached(informer), c -> c.equals(webPodsOnTheServer()));
        Eventually.until(api::openWatches, n -> n == 1);
        return informer;
    }

    private List<TestKubernetesApi.Request> podLists() {
        return api.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/api/v1/pods")
                && !r.query().contains("watch=")).toList();
    }

    private List<TestKubernetesApi.Request> podWatches() {
        return api.requests().stream().filter(r -> r.path().equals("/api/v1/pods") && r.query().contains("watch=true")).toList();
    }

    @Test
    void anInformerAcrossNamespacesWithALabelSelectorCatchesUpAfterItsWatchBreaks() {
        try (SharedIndexInformer<Pod> informer = watchingInformer()) {
            assertEquals(webPodsOnTheServer(), cached(informer));
            assertEquals(2, cached(informer).size(), "both namespaces, web pods only");
            assertTrue(podLists().stream().anyMatch(r -> r.query().startsWith("labelSelector=app%3Dweb&resourceVersion=")),
                    "the informer listed with its selector across namespaces: " + podLists());
            api.clearRequests();

            // Broken until the informer has watched again since: a watch the informer had just opened
            // again (its request made before the clear) could miss a single break and carry on.
            Eventually.until(() -> {
                api.breakWatches();
                return podWatches();
            }, watches -> !watches.isEmpty(), Duration.ofSeconds(20));
            api.breakWatches();
            replaceThePodOfShopA(); // while the informer is reconnecting, or just after

            assertEquals(webPodsOnTheServer(), Eventually.until(() -> cached(informer), c -> c.equals(webPodsOnTheServer())));
            assertTrue(podWatches().stream().anyMatch(r -> r.query().matches(".*resourceVersion=[1-9].*")),
                    "it resumed from its resourceVersion: " + api.requests());
            assertTrue(podLists().stream().noneMatch(r -> r.query().contains("resourceVersion=0")),
                    "and did not list again: " + api.requests());
        }
    }

    @Test
    void anInformerListsAgainWhenItsResourceVersionExpired() {
        try (SharedIndexInformer<Pod> informer = watchingInformer()) {
            api.clearRequests();

            api.expireResourceVersions().breakWatches();
            replaceThePodOfShopA();

            assertEquals(webPodsOnTheServer(), Eventually.until(() -> cached(informer), c -> c.equals(webPodsOnTheServer())));
            assertTrue(Eventually.until(this::podLists, l -> !l.isEmpty()).stream()
                    .anyMatch(r -> r.query().contains("labelSelector=app%3Dweb")), "410 Gone made it list again: " + api.requests());
        }
    }

    @Test
    void aWatchResumingFromAnExpiredVersionGets410GoneAndOneFromARecentVersionGetsWhatItMissed() throws Exception {
        String before = k.configMaps().inNamespace("shop-a").list().getMetadata().getResourceVersion();
        k.configMaps().inNamespace("shop-a").resource(new ConfigMapBuilder().withNewMetadata().withName("missed").endMetadata()
                .build()).create();
        HttpClient http = HttpClient.newHttpClient();
        String resumed = firstEvent(http, "/api/v1/namespaces/shop-a/configmaps?watch=true&resourceVersion=" + before);
        assertTrue(resumed.startsWith("{\"type\":\"ADDED\"") && resumed.contains("\"name\":\"missed\""), resumed);

        api.expireResourceVersions();
        String gone = firstEvent(http, "/api/v1/namespaces/shop-a/configmaps?watch=true&resourceVersion=" + before);
        assertTrue(gone.startsWith("{\"type\":\"ERROR\""), gone);
        assertTrue(gone.contains("\"code\":410") && gone.contains("\"reason\":\"Expired\"")
                && gone.contains("too old resource version: " + before), gone);

        String fresh = k.configMaps().inNamespace("shop-a").list().getMetadata().getResourceVersion();
        assertTrue(Long.parseLong(fresh) > Long.parseLong(before), "a list after the expiry carries a newer version");
        k.configMaps().inNamespace("shop-a").withName("missed").delete();
        String deleted = firstEvent(http, "/api/v1/namespaces/shop-a/configmaps?watch=true&resourceVersion=" + fresh);
        assertTrue(deleted.startsWith("{\"type\":\"DELETED\""), deleted);
    }

    private String firstEvent(HttpClient http, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api.url() + pathAndQuery))
                .header("Authorization", "Bearer " + TestKubernetesApi.TOKEN).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<java.util.stream.Stream<String>> res = http.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, res.statusCode());
        try (var lines = res.body()) {
            return lines.findFirst().orElse("");
        }
    }

    @Test
    void whileTheClusterIsDownEveryRequestFailsAndAnInformerCatchesUpAfterwards() throws InterruptedException {
        try (SharedIndexInformer<Pod> informer = watchingInformer()) {
            api.down(true);
            assertThrows(KubernetesClientException.class, () -> k.namespaces().withName("shop-a").get());
            assertEquals(0, api.openWatches(), "going down ended the informer's watch");
            PodFault crash = api.crashLoop("^web-", "web", List.of("boom")); // the kubelet goes on meanwhile
            try {
                Thread.sleep(500);
                api.down(false);
                Set<String> cachedNow = Eventually.until(() -> cached(informer), c -> c.equals(webPodsOnTheServer()));
                assertEquals(webPodsOnTheServer(), cachedNow);
                assertTrue(informer.getStore().list().stream().allMatch(p -> !TestObjects.ready(p)),
                        "the crashes that happened while it was down are in its cache");
            } finally {
                crash.lift();
            }
        }
    }

    @Test
    void clusterWideListsAndWatchesOfNamespacedKinds() throws Exception {
        List<Pod> web = k.pods().inAnyNamespace().withLabel("app", "web").list().getItems();
        assertEquals(Set.of("shop-a", "shop-b"), web.stream().map(p -> p.getMetadata().getNamespace()).collect(Collectors.toSet()));
        assertTrue(web.stream().allMatch(p -> "web".equals(p.getMetadata().getLabels().get("app"))));

        List<String> added = new CopyOnWriteArrayList<>();
        String rv = k.apps().deployments().inAnyNamespace().list().getMetadata().getResourceVersion();
        try (Watch w = k.apps().deployments().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(),
                new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, io.fabric8.kubernetes.api.model.apps.Deployment d) {
                        if (action == Action.ADDED) {
                            added.add(d.getMetadata().getNamespace() + "/" + d.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            k.resource(TestObjects.deployment("shop-b", "api", 1, "nginx:1.27")).create();
            assertEquals(List.of("shop-b/api"), Eventually.until(() -> added, a -> !a.isEmpty()));
        }
        assertTrue(api.requests().stream().anyMatch(r -> r.path().equals("/apis/apps/v1/deployments")
                && r.query().contains("watch=true")), api.requests().toString());
    }

    @Test
    void anIdleClusterSendsNoWatchEventsAndLogsEachWatchOnce() throws Exception {
        k.resource(TestObjects.statefulSet("shop-b", "db", 2, "mariadb:11.4")).create();
        k.resource(TestObjects.job("shop-b", "setup", 1, null)).create();
        Eventually.until(() -> k.pods().inAnyNamespace().list().getItems(), p -> p.size() == 6
                && p.stream().allMatch(x -> TestObjects.ready(x) || "Succeeded".equals(x.getStatus().getPhase())));
        Eventually.until(() -> k.batch().v1().jobs().inNamespace("shop-b").withName("setup").get(),
                j -> j.getStatus() != null && j.getStatus().getSucceeded() != null);
        String rv = settled(k);
        api.clearRequests();

        List<String> events = new CopyOnWriteArrayList<>();
        List<Watch> watches = List.of(
                k.pods().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.apps().deployments().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.apps().replicaSets().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.apps().statefulSets().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.batch().v1().jobs().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.persistentVolumeClaims().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)),
                k.v1().events().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), recorder(events)));
        try {
            Thread.sleep(2_000);
        } finally {
            watches.forEach(Watch::close);
        }
        assertEquals(List.of(), events, "nothing changes on an idle cluster");
        assertEquals(rv, k.pods().inAnyNamespace().list().getMetadata().getResourceVersion(), "no write at all");
        long podWatchRequests = api.requests().stream()
                .filter(r -> r.path().equals("/api/v1/pods") && r.query().contains("watch=true")).count();
        // fabric8 asks for a WebSocket first (answered 200) and then watches over HTTP: two requests, each logged once
        assertEquals(2, podWatchRequests, "a watch is logged when it opens, not per event or bookmark: " + api.requests());
    }

    /** The resourceVersion once it has stayed the same for half a second: the controllers are done with the pods' last changes. */
    static String settled(KubernetesClient k) throws InterruptedException {
        String rv = k.namespaces().list().getMetadata().getResourceVersion();
        for (int i = 0; i < 100; i++) {
            Thread.sleep(500);
            String again = k.namespaces().list().getMetadata().getResourceVersion();
            if (again.equals(rv)) {
                return rv;
            }
            rv = again;
        }
        return rv;
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Watcher<T> recorder(List<String> events) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, T resource) {
                if (action == Action.BOOKMARK) {
                    return; // a bookmark only tells the resourceVersion
                }
                events.add(action + " " + resource.getKind() + " " + resource.getMetadata().getNamespace() + "/"
                        + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }
}
