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
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
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

    /**
     * One request as it arrived: method, raw path, raw query string ("" when none), the bearer
     * token it carried ("" when none: the server accepts any) and whether it asked for a
     * protocol upgrade (WebSocket: port-forward, exec). {@link AccessRecord#of} says what a real
     * API server would authorize it as.
     */
    public record Request(String method, String path, String query, String token, boolean upgrade) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "testcluster-controllers"));
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(r -> daemon(r, "testcluster-http"));
    private final ObjectStore store = new ObjectStore(scheduler);
    private final ContainerLogs logs = new ContainerLogs();
    private final ClusterEvents events = new ClusterEvents(store);
    private final PodFaults podFaults = new PodFaults(this::podFaultsChanged);
    private final SimulatedControllers controllers = new SimulatedControllers(store, scheduler, podFaults, events, logs);
    private final Faults faults = new Faults();
    private final ApiHttpHandler handler = new ApiHttpHandler(store, faults, new PodLogEndpoint(store, logs));
    private final HttpServer server;
    private final ServingCertificate tls;
    private KubernetesClient client;

    /** Starts the server (plain HTTP); close it to stop. */
    public TestKubernetesApi() {
        this((ServingCertificate) null);
    }

    /**
     * Starts the server on HTTPS, as a real API server serves, with a self-signed certificate for
     * 127.0.0.1 whose PEM is written to {@code dir/ca.crt} ({@link #caCertificate()}).
     */
    public static TestKubernetesApi withTls(Path dir) {
        return new TestKubernetesApi(ServingCertificate.selfSigned(dir));
    }

    private TestKubernetesApi(ServingCertificate tls) {
        this.tls = tls;
        store.addListener(controllers);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try {
            if (tls == null) {
                server = HttpServer.create(address, 100);
            } else {
                HttpsServer https = HttpsServer.create(address, 100);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test Kubernetes API", e);
        }
        server.createContext("/", handler);
        server.setExecutor(httpThreads);
        server.start();
        handler.serverAddress("127.0.0.1:" + server.getAddress().getPort());
    }

    /** {@code http://127.0.0.1:<port>}, or {@code https://…} when started {@link #withTls}. */
    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The PEM of the server's certificate (its own CA), when started {@link #withTls}. */
    public Path caCertificate() {
        if (tls == null) {
            throw new IllegalStateException("this test API serves plain HTTP");
        }
        return tls.caFile;
    }

    /** A kubeconfig with one context, {@value #CONTEXT}, for this server (a token; the CA file on HTTPS). */
    public String kubeconfig() {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s%4$s
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
                """.formatted(CONTEXT, url(), TOKEN,
                tls == null ? "" : "\n    certificate-authority: " + tls.caFile.toAbsolutePath());
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
            ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withOauthToken(TOKEN)
                    .withNamespace("default").withRequestRetryBackoffLimit(0).withRequestTimeout(10_000);
            if (tls != null) {
                builder.withCaCertFile(tls.caFile.toAbsolutePath().toString());
            }
            Config config = builder.build();
            client = new KubernetesClientBuilder().withConfig(config).build();
        }
        return client;
    }

    // ---- simulated cluster behaviour ------------------------------------------------------------

    /**
     * Pods start (Running and Ready; a Job's pod then runs for a tick and succeeds) this long after
     * they are created, PVCs are bound and load balancers get an IP this long after they appear
     * (default: at once). Workload statuses follow their pods.
     */
    public TestKubernetesApi readyAfter(Duration delay) {
        controllers.readyAfter(delay);
        return this;
    }

    /**
     * Workloads of {@code kind} (e.g. "Deployment", "StatefulSet", "Job") whose whole name matches
     * are left alone by their controller: no new pods, no status (its {@code observedGeneration}
     * stays behind), so they never become ready; pods they already have stay as they are.
     */
    public TestKubernetesApi neverReady(String kind, String nameRegex) {
        controllers.neverReady(kind, nameRegex);
        return this;
    }

    /**
     * How often the kubelet looks again at pods in transition or held by a fault (default 200 ms):
     * ErrImagePull turns into ImagePullBackOff after one tick, a Job's pod ends a tick after it
     * started, lifted faults take effect at the next tick. Steady pods are never looked at.
     */
    public TestKubernetesApi kubeletTick(Duration every) {
        controllers.tick(every);
        return this;
    }

    /**
     * How often a crash-looping container restarts (its {@code restartCount} rises by one each
     * time, default 300 ms); also how often Warning events of a lasting fault are repeated
     * (their {@code count} rises) and a claim without storage is looked at again.
     */
    public TestKubernetesApi crashRestartEvery(Duration every) {
        controllers.crashRestartEvery(every);
        return this;
    }

    // ---- pod faults -----------------------------------------------------------------------------

    /**
     * Containers and init containers whose image contains a match of {@code imageRegex} cannot be
     * pulled: waiting {@code ErrImagePull} (the registry's "not found"), from the next tick
     * {@code ImagePullBackOff}; the pod stays Pending; Warning events {@code Failed} and
     * {@code BackOff} on the pod, counted as they repeat. Containers already running are not affected.
     */
    public PodFault imagePullFails(String imageRegex) {
        return podFaults.add("image pull fails for " + imageRegex,
                h -> new PodFaults.ImagePull(Pattern.compile(imageRegex), h));
    }

    /** Containers whose image matches wait with {@code InvalidImageName} (Warning events {@code InspectFailed}, {@code Failed}). */
    public PodFault invalidImageName(String imageRegex) {
        return podFaults.add("invalid image name " + imageRegex,
                h -> new PodFaults.InvalidImage(Pattern.compile(imageRegex), h));
    }

    /**
     * Container {@code container} (null: every container) of pods whose name matches cannot start
     * and waits with {@code reason} and {@code message}, e.g. {@code CreateContainerConfigError},
     * {@code secret "x" not found}; Warning event {@code Failed} "Error: message".
     */
    public PodFault containerWaiting(String podRegex, String container, String reason, String message) {
        return podFaults.add("container " + container + " of " + podRegex + " waits: " + reason,
                h -> new PodFaults.Waiting(Pattern.compile(podRegex), container, reason, message, h));
    }

    /**
     * Container {@code container} (null: every container) of pods whose name matches prints
     * {@code logLines} and exits 1 each time it starts, including pods already Running and Ready:
     * waiting {@code CrashLoopBackOff}, lastState terminated (Error, exit code 1), restartCount up
     * by one every {@link #crashRestartEvery}, pod Running but not Ready, Warning event
     * {@code BackOff}; {@code previous=true} logs are the last instance's. Lifted, the next start stays up.
     */
    public PodFault crashLoop(String podRegex, String container, List<String> logLines) {
        return podFaults.add("crash loop of " + podRegex + (container == null ? "" : " container " + container),
                h -> new PodFaults.Crash(Pattern.compile(podRegex), container, List.copyOf(logLines), h));
    }

    /**
     * Pods whose name matches, and that are not on the node yet, cannot be scheduled: Pending, no
     * {@code nodeName}, condition PodScheduled False (Unschedulable, {@code message}; null for the
     * scheduler's "Insufficient memory" text), Warning event {@code FailedScheduling}.
     */
    public PodFault unschedulable(String podRegex, String message) {
        return podFaults.add("unschedulable " + podRegex,
                h -> new PodFaults.Unschedulable(Pattern.compile(podRegex), message, h));
    }

    /**
     * No storage class: unbound PVCs stay Pending (Normal event {@code FailedBinding}) and pods
     * that mount one stay Pending and unschedulable (Warning event {@code FailedScheduling}).
     * Lifted, the claims are bound and the pods start.
     */
    public PodFault noStorageClass() {
        return podFaults.add("no storage class", PodFaults.NoStorageClass::new);
    }

    /**
     * Each attempt of a Job whose name matches prints {@code logLines} and fails (exit code 1):
     * after {@code backoffLimit + 1} failed pods the Job is Failed, reason {@code BackoffLimitExceeded}
     * (a Warning event says the same).
     */
    public PodFault jobFails(String jobRegex, List<String> logLines) {
        return podFaults.add("job " + jobRegex + " fails",
                h -> new PodFaults.JobFails(Pattern.compile(jobRegex), List.copyOf(logLines), h));
    }

    /**
     * A Job whose name matches and that has {@code activeDeadlineSeconds} runs past its deadline:
     * its pod keeps running, a tick later the Job is Failed, reason {@code DeadlineExceeded}, its
     * pod deleted. Jobs without a deadline just keep running.
     */
    public PodFault jobDeadlineExceeded(String jobRegex) {
        return podFaults.add("job " + jobRegex + " exceeds its deadline",
                h -> new PodFaults.JobDeadline(Pattern.compile(jobRegex), h));
    }

    /**
     * The ResourceQuota refuses pods whose name matches: their ReplicaSet, StatefulSet or Job
     * cannot create them (Warning event {@code FailedCreate} on the owner, with {@code message}, or
     * when null the quota's usual "exceeded quota: storefleet-quota ..." text; a ReplicaSet and its
     * Deployment get condition {@code ReplicaFailure}), tried again every tick.
     */
    public PodFault quotaRefuses(String podRegex, String message) {
        return podFaults.add("quota refuses " + podRegex,
                h -> new PodFaults.Quota(Pattern.compile(podRegex), message, h));
    }

    private void podFaultsChanged() {
        controllers.faultsChanged();
    }

    // ---- logs and watches -----------------------------------------------------------------------

    /**
     * Adds lines to the log of a container's current instance (or, while it waits to restart, the
     * last one), as if it printed them. Each container start already writes
     * {@code <container> started (image <image>)}.
     *
     * @throws IllegalArgumentException when there is no such pod
     * @throws IllegalStateException when the container has not started yet
     */
    public TestKubernetesApi appendLog(String namespace, String pod, String container, String... lines) {
        controllers.kubelet().appendLog(namespace, pod, container, lines);
        return this;
    }

    /** Ends every open watch stream now, as an API server restart does; clients reconnect. */
    public TestKubernetesApi breakWatches() {
        handler.breakWatches();
        return this;
    }

    /**
     * As an etcd compaction: a watch that resumes from a resourceVersion handed out before now
     * gets a {@code 410 Gone} ERROR event ("too old resource version"), so its client must list
     * again. Open watches go on; combine with {@link #breakWatches()} to make informers resume now.
     */
    public TestKubernetesApi expireResourceVersions() {
        store.expireResourceVersions();
        return this;
    }

    /**
     * While down, every request's connection is closed without an answer (the cluster is out of
     * reach); going down ends open watches and log streams. {@code down(false)} brings it back.
     */
    public TestKubernetesApi down(boolean down) {
        handler.down(down);
        return this;
    }

    /** Watch streams open right now. */
    public int openWatches() {
        return handler.openWatchCount();
    }

    /** Log streams ({@code follow=true}) open right now; one whose client left counts until its next line. */
    public int openLogFollows() {
        return handler.openLogFollows();
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

    /**
     * Clears request faults, latencies, never-ready rules and delays, lifts every pod fault, sets
     * the kubelet's timings back to their defaults, brings the cluster back up and clears the
     * request log; objects stay.
     */
    public TestKubernetesApi reset() {
        faults.reset();
        podFaults.liftAll();
        controllers.reset();
        handler.down(false);
        store.namespaceDeletionDelay(Duration.ZERO);
        handler.clearRequests();
        return this;
    }

    // ---- request log ----------------------------------------------------------------------------

    /** Every request received so far (including those answered with a fault), oldest first. */
    public List<Request> requests() {
        return handler.requests();
    }

    /**
     * What a real API server would have authorized for each request so far that carried
     * {@code token} (RBAC's verb, API group, resource, subresource, namespace), oldest first;
     * the same request log as {@link #requests()}, read as kube-apiserver's request-info does.
     */
    public List<AccessRecord> accessRecords(String token) {
        return handler.requests().stream().filter(r -> r.token().equals(token))
                .flatMap(r -> AccessRecord.of(r).stream()).toList();
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
