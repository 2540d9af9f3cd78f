package dev.storefleet.testcluster;

import dev.storefleet.testing.Eventually;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

/**
 * What a big idle test cluster costs: creates {@code -Dstores=1000} namespaces with a web
 * Deployment, a cache Deployment and a database StatefulSet on a claim (3 pods each) through the
 * API, waits until every pod is ready, then watches pods cluster-wide while idle for
 * {@code -Didle=10} seconds and prints: time to create and to ready, watch events and writes
 * while idle (target 0), CPU used by the fixture's controller thread while idle (target ~0),
 * heap. Run: {@code mvn -Pbenchmark-idle-pods test-compile exec:exec [-Dbench.stores=1000] [-Dbench.idle=10]}.
 */
public final class IdlePodsBenchmark {

    public static void main(String[] args) throws Exception {
        int stores = Integer.getInteger("stores", 1000);
        Duration idle = Duration.ofSeconds(Long.getLong("idle", 10));
        try (TestKubernetesApi api = new TestKubernetesApi()) {
            KubernetesClient k = api.client();
            long t0 = System.nanoTime();
            for (int i = 0; i < stores; i++) {
                String ns = "store-" + i;
                TestObjects.namespace(k, ns);
                k.resource(TestObjects.deployment(ns, "web", 1, "wordpress:6.8")).create();
                k.resource(TestObjects.deployment(ns, "cache", 1, "redis:7")).create();
                k.resource(TestObjects.statefulSet(ns, "db", 1, "mariadb:11.4")).create();
            }
            long created = System.nanoTime();
            int pods = 3 * stores;
            List<Pod> all = Eventually.until(() -> k.pods().inAnyNamespace().list().getItems(),
                    p -> p.size() == pods && p.stream().allMatch(TestObjects::ready), Duration.ofMinutes(10));
            long ready = System.nanoTime();
            long readyCount = all.stream().filter(TestObjects::ready).count();

            String rv = BrokenWatchesTest.settled(k);
            long settled = System.nanoTime();
            AtomicLong events = new AtomicLong();
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long controllerThread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("testcluster-controllers")).findFirst().orElseThrow().getId();
            long cpu0 = threads.getThreadCpuTime(controllerThread);
            int requests0 = api.requests().size();
            try (Watch w = k.pods().inAnyNamespace().watch(new ListOptionsBuilder().withResourceVersion(rv).build(), new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action != Action.BOOKMARK) {
                        events.incrementAndGet();
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                Thread.sleep(idle.toMillis());
            }
            long cpu = threads.getThreadCpuTime(controllerThread) - cpu0;
            String rvAfter = k.pods().inAnyNamespace().list().getMetadata().getResourceVersion();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            System.out.printf("stores: %d, pods: %d (%d ready)%n", stores, pods, readyCount);
            System.out.printf("create through the API: %.1f s; all pods ready %.1f s later; no more writes %.1f s after that%n",
                    (created - t0) / 1e9, (ready - created) / 1e9, (settled - ready) / 1e9 - 0.5);
            System.out.printf("idle %d s: %d watch events (target 0), resourceVersion %s -> %s (target unchanged), "
                    + "%d requests (the watch and a list), controller thread CPU %.1f ms (target ~0)%n",
                    idle.toSeconds(), events.get(), rv, rvAfter, api.requests().size() - requests0, cpu / 1e6);
            System.out.printf("heap used after GC: %d MB%n", (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
        }
        System.exit(0);
    }
}
