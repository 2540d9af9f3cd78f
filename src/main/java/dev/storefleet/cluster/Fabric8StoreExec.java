package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreExec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.WebSocketHandshakeException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * {@link StoreExec} through the console's fabric8 client: its HTTP client opens the pod's
 * {@code exec} WebSocket (same context, credentials and timeouts as every other call) and
 * {@link ExecSession} speaks the channel protocol.
 *
 * <p>Not fabric8's {@code pods().exec()}: in fabric8 8.0 it asks for {@code v4.channel.k8s.io}
 * only, and closing its stdin stream sends nothing, so a command that reads its input to the end
 * (a restore) would never end. v5 closes stdin in the protocol; the API server speaks it from
 * Kubernetes 1.29.
 */
public final class Fabric8StoreExec implements StoreExec {
    /** How often {@code cancelled} is looked at while the command runs. */
    private static final long POLL_MILLIS = 100;

    private final ClusterConnection connection;

    public Fabric8StoreExec(ClusterConnection connection) {
        this.connection = connection;
    }

    @Override
    public void run(Store store, ExecTarget target, List<String> argv, InputStream stdin, OutputStream stdout,
            ExecProgress progress, BooleanSupplier cancelled) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("no command to run");
        }
        String operation = "running " + argv.get(0) + " in container " + target.container() + " of store '"
                + store.name() + "' (namespace " + store.namespace() + ")";
        KubernetesClient client = connection.client();
        Pod pod = RunningPods.find(client, store, target.component(), operation);
        ExecSession session = new ExecSession(stdout, progress, client.getKubernetesSerialization());
        open(client, execUri(client, store, pod, target.container(), argv, stdin != null), session, operation);
        try {
            if (stdin != null) {
                Thread pump = new Thread(() -> session.pump(stdin, cancelled), "exec-input");
                pump.setDaemon(true);
                pump.start();
            }
            Status status = awaitStatus(session, cancelled, operation);
            int exit = exitCode(status);
            if (exit != 0) {
                String tail = session.stderrTail();
                throw new ClusterException(operation + ": " + (exit > 0 ? "the command exited with status " + exit
                        : "the command failed: " + describe(status)) + (tail.isEmpty() ? "; it wrote nothing to"
                        + " its standard error." : "; its standard error ends with: " + tail)
                        + " Fix what it says in the store's pod and retry.");
            }
        } finally {
            session.close();
        }
    }

    private static void open(KubernetesClient client, URI uri, ExecSession session, String operation) {
        try {
            client.getHttpClient().newWebSocketBuilder().uri(uri).subprotocol(ExecSession.PROTOCOL)
                    .connectTimeout(ClusterConnection.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .buildAsync(session).get(ClusterConnection.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException(operation + ": " + ClusterErrors.reason(e), e);
        } catch (TimeoutException e) {
            session.close();
            throw new ClusterException(operation + ": the API server did not open the exec stream within "
                    + ClusterConnection.REQUEST_TIMEOUT.toSeconds() + " s; check the cluster and retry.", e);
        } catch (ExecutionException e) {
            session.close();
            throw refused(operation, e.getCause());
        }
    }

    private static ClusterException refused(String operation, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException h && h.getResponse() != null) {
                int code = h.getResponse().code();
                if (code < 400) {
                    // A plain answer where the upgrade to WebSocket should be: something in between
                    // (a proxy, a load balancer) answered, or the server does not serve exec at all.
                    return new ClusterException(operation + ": the API server answered HTTP " + code + " instead of"
                            + " opening the exec stream (a WebSocket); a proxy or load balancer between this console"
                            + " and the cluster may not pass WebSocket upgrades. Connect to the API server directly,"
                            + " or allow upgrades on the way, then retry.", cause);
                }
                return new ClusterException(operation + ": the API server refused the exec stream (HTTP " + code + ")"
                        + (code == 400 ? "; it may not speak " + ExecSession.PROTOCOL + ", which needs Kubernetes 1.29"
                                + " or later." : code == 401 || code == 403 ? "; the kubeconfig's user may not"
                                + " create pods/exec in this namespace." : "."), cause);
            }
        }
        return new ClusterException(operation + ": opening the exec stream failed: " + ClusterErrors.reason(cause),
                cause);
    }

    /** Waits for the exit status, looking at {@code cancelled} every {@value #POLL_MILLIS} ms. */
    private static Status awaitStatus(ExecSession session, BooleanSupplier cancelled, String operation) {
        while (true) {
            if (cancelled.getAsBoolean()) {
                session.close();
                throw new CancellationException(operation + ": cancelled");
            }
            try {
                return session.status().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillRunning) {
                // look at cancelled again
            } catch (InterruptedException e) {
                session.close();
                Thread.currentThread().interrupt();
                throw new ClusterException(operation + ": " + ClusterErrors.reason(e), e);
            } catch (ExecutionException e) {
                throw new ClusterException(operation + ": " + e.getCause().getMessage()
                        + (session.stderrTail().isEmpty() ? "" : "; its standard error ends with: "
                        + session.stderrTail()), e.getCause());
            }
        }
    }

    /** 0 on Success, the ExitCode cause of NonZeroExitCode, -1 for any other failure (no command ran, say). */
    static int exitCode(Status status) {
        if ("Success".equals(status.getStatus())) {
            return 0;
        }
        if ("NonZeroExitCode".equals(status.getReason()) && status.getDetails() != null
                && status.getDetails().getCauses() != null) {
            for (StatusCause cause : status.getDetails().getCauses()) {
                if ("ExitCode".equals(cause.getReason())) {
                    try {
                        return Integer.parseInt(cause.getMessage().strip());
                    } catch (RuntimeException unreadable) {
                        return -1;
                    }
                }
            }
        }
        return -1;
    }

    private static String describe(Status status) {
        return status.getMessage() != null ? status.getMessage()
                : status.getReason() != null ? status.getReason() : String.valueOf(status.getStatus());
    }

    private static URI execUri(KubernetesClient client, Store store, Pod pod, String container, List<String> argv,
            boolean withStdin) {
        StringBuilder query = new StringBuilder();
        for (String arg : argv) {
            query.append("command=").append(encode(arg)).append('&');
        }
        query.append("container=").append(encode(container)).append("&stdin=").append(withStdin)
                .append("&stdout=true&stderr=true");
        String base = client.getMasterUrl().toString().replaceAll("/$", "");
        return URI.create(base + "/api/v1/namespaces/" + encode(store.namespace()) + "/pods/"
                + encode(pod.getMetadata().getName()) + "/exec?" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
