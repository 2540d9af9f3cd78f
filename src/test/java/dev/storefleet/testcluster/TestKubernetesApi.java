package dev.storefleet.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A Kubernetes API server for tests, on 127.0.0.1 and a free port, good enough for the real Helm
 * library (helm-java) to install, upgrade, wait, list and uninstall, and for a fabric8 client.
 * See {@code package-info.java} for what it simulates and how to use it.
 */
public final class TestKubernetesApi implements AutoCloseable {

    static {
        // Without it the JDK's HttpServer stalls ~40 ms on each request of a reused connection.
        // It is read once, when the first HttpServer is created in the JVM.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // The mock's attribute extractor and Netty log every request at DEBUG; keep test output readable.
        for (String noisy : List.of("io.fabric8.kubernetes.client.server.mock", "io.netty")) {
            if (org.slf4j.LoggerFactory.getLogger(noisy) instanceof ch.qos.logback.classic.Logger logger
                    && logger.getLevel() == null) {
                logger.setLevel(ch.qos.logback.classic.Level.INFO);
            }
        }
    }

    /** The context, cluster and user name written to the kubeconfig. */
    public static final String CONTEXT = "test";
    /** The bearer token written to the kubeconfig (any token is accepted). */
    public static final String TOKEN = "test-token";

    /** One request as it arrived: method, raw path, raw query string ("" when none). */
    public record Request(String method, String path, String query) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "testcluster-controllers"));
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(r -> daemon(r, "testcluster-http"));
    private final ObjectStore store = new ObjectStore(scheduler);
    private final SimulatedControllers controllers = new SimulatedControllers(store, scheduler);
    private final Faults faults = new Faults();
    private final ApiHttpHandler handler = new ApiHttpHandler(store, faults);
    private final HttpServer server;
    private KubernetesClient client;

    /** Starts the server; close it to stop. */
    public TestKubernetesApi() {
        store.addListener(controllers);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test Kubernetes API", e);
        }
        server.createContext("/", handler);
        server.setExecutor(httpThreads);
        server.start();
        handler.serverAddress("127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A kubeconfig with one context, {@value #CONTEXT}, for this server (plain http, a token). */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                users:
                - name: %1$s
                  user:
                    token: %3$s
                contexts:
                - name: %1$s
                  context:
                    cluster: %1$s
                    user: %1$s
                    namespace: default
                current-context: %1$s
                """.formatted(CONTEXT, url(), TOKEN);
    }

    /** Writes {@link #kubeconfig()} to {@code dir/kubeconfig} and returns that file. */
    public Path kubeconfigFile(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("kubeconfig"), kubeconfig());
        } catch (IOException e) {
            throw new UncheckedIOException("writing a kubeconfig to " + dir, e);
        }
    }

    /** A fabric8 client for this server (no request retries, so injected faults show at once); closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withOauthToken(TOKEN)
                    .withNamespace("default").withRequestRetryBackoffLimit(0).withRequestTimeout(10_000).build();
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    // ---- simulated cluster behaviour ------------------------------------------------------------

    /** Workloads, PVCs and load balancers become ready this long after each change (default: at once). */
    public TestKubernetesApi readyAfter(Duration delay) {
        controllers.readyAfter(delay);
        return this;
    }

    /** Workloads of {@code kind} (e.g. "Deployment", "StatefulSet", "Job") whose name matches never become ready. */
    public TestKubernetesApi neverReady(String kind, String nameRegex) {
        controllers.neverReady(kind, nameRegex);
        return this;
    }

    /**
     * A deleted namespace stays {@code Terminating} this long before it and its objects go
     * (default: zero, everything goes at once).
     */
    public TestKubernetesApi namespaceDeletionDelay(Duration delay) {
        store.namespaceDeletionDelay(delay);
        return this;
    }

    // ---- fault injection ------------------------------------------------------------------------

    /**
     * The next {@code times} requests with {@code method} ({@code "*"} for any) whose path (no query)
     * contains a match of {@code pathRegex} are answered with {@code status} and a Status body.
     */
    public TestKubernetesApi failNext(String method, String pathRegex, int status, int times) {
        faults.failNext(method, pathRegex, status, times);
        return this;
    }

    /** Every request whose path contains a match of {@code pathRegex} waits {@code delay} first. */
    public TestKubernetesApi latency(String pathRegex, Duration delay) {
        faults.latency(pathRegex, delay);
        return this;
    }

    /** The next {@code times} matching requests get their connection closed with no answer. */
    public TestKubernetesApi dropConnection(String method, String pathRegex, int times) {
        faults.dropConnection(method, pathRegex, times);
        return this;
    }

    /** Clears faults, latencies, never-ready rules, delays and the request log; objects stay. */
    public TestKubernetesApi reset() {
        faults.reset();
        controllers.reset();
        store.namespaceDeletionDelay(Duration.ZERO);
        handler.clearRequests();
        return this;
    }

    // ---- request log ----------------------------------------------------------------------------

    /** Every request received so far (including those answered with a fault), oldest first. */
    public List<Request> requests() {
        return handler.requests();
    }

    public void clearRequests() {
        handler.clearRequests();
    }

    @Override
    public void close() {
        handler.close();
        synchronized (this) {
            if (client != null) {
                client.close();
            }
        }
        server.stop(0);
        httpThreads.shutdownNow();
        scheduler.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
