package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.KubeconfigException;
import dev.storefleet.service.port.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster the console talks to: a kubeconfig context, a fabric8 client for it, and the
 * same context as kubeconfig contents for the embedded Helm (which takes no context flag).
 * Switching context builds a new client; every request has a timeout.
 */
public final class ClusterConnection implements ClusterAccess, AutoCloseable {
    /** Per-request timeout of the fabric8 client; waits have their own deadlines. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Kubeconfig> kubeconfigSource;
    private volatile State state;

    private final Path workDir;
    private final List<Runnable> switchListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record State(Kubeconfig kubeconfig, String context, KubernetesClient client, Path helmKubeconfig) {
    }

    /**
     * @param kubeconfigSource re-reads the files, so a fixed file takes effect on switch
     * @param workDir          where Helm's copy of the chosen context is kept (owner-only), while connected
     */
    public ClusterConnection(Supplier<Kubeconfig> kubeconfigSource, String context, Path workDir) {
        this.kubeconfigSource = kubeconfigSource;
        this.workDir = workDir;
        Kubeconfig kubeconfig = kubeconfigSource.get();
        this.state = open(kubeconfig, context == null ? kubeconfig.defaultContext() : context);
    }

    @Override
    public List<String> contexts() {
        return kubeconfigSource.get().contexts();
    }

    @Override
    public String currentContext() {
        return state.context();
    }

    @Override
    public synchronized void switchTo(String context) {
        State old = state;
        state = open(kubeconfigSource.get(), context);
        release(old);
        switchListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every switch of context (the old client is closed by then); returns its removal. */
    Runnable onSwitch(Runnable listener) {
        switchListeners.add(listener);
        return () -> switchListeners.remove(listener);
    }

    @Override
    public ClusterHealth check() {
        State current = state;
        String server = current.kubeconfig().serverOf(current.context());
        try {
            String version = current.client().getKubernetesVersion().getGitVersion();
            return new ClusterHealth(true, current.context(), server, version, null);
        } catch (RuntimeException e) {
            if (ClusterErrors.isRefusedCredentials(e)) {
                return new ClusterHealth(false, current.context(), server, null, "The cluster at " + server
                        + " (context " + current.context() + ") answered but refused this kubeconfig's user: "
                        + ClusterErrors.reason(e) + ". Check the context's user in the kubeconfig (a token or"
                        + " certificate may have expired).");
            }
            return new ClusterHealth(false, current.context(), server, null, "Cannot reach the cluster at " + server
                    + " (context " + current.context() + "): " + ClusterErrors.reason(e)
                    + ". Check that it is running and that your network or VPN reaches it.");
        }
    }

    KubernetesClient client() {
        return state.client();
    }

    /** The chosen context as a kubeconfig file for Helm (helm-java takes no context flag). */
    Path helmKubeconfig() {
        return state.helmKubeconfig();
    }

    String server() {
        State current = state;
        return current.kubeconfig().serverOf(current.context());
    }

    @Override
    public void close() {
        release(state);
    }

    private static void release(State old) {
        old.client().close();
        try {
            Files.deleteIfExists(old.helmKubeconfig());
        } catch (IOException ignored) {
            // a leftover copy is overwritten at the next start
        }
    }

    private State open(Kubeconfig kubeconfig, String context) {
        if (!kubeconfig.contexts().contains(context)) {
            throw new KubeconfigException("The kubeconfig has no context named '" + context + "'; it has "
                    + kubeconfig.contexts() + ".");
        }
        io.fabric8.kubernetes.client.Config config = kubeconfig.clientConfig(context);
        config.setRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
        config.setConnectionTimeout((int) CONNECT_TIMEOUT.toMillis());
        config.setRequestRetryBackoffLimit(1);
        try {
            Path helmFile = writeOwnerOnly(workDir.resolve("kubeconfig-" + Integer.toHexString(context.hashCode())
                    + ".yaml"), kubeconfig.contentsFor(context));
            KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
            return new State(kubeconfig, context, client, helmFile);
        } catch (IOException e) {
            throw new ClusterException("Cannot write Helm's kubeconfig to " + workDir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ClusterException("Cannot create a client for context " + context + ": "
                    + ClusterErrors.reason(e), e);
        }
    }

    /** Credentials: readable by the user alone where the file system knows permissions. */
    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // Windows: the user's profile directory is private already
        }
        Files.writeString(file, content);
        return file;
    }
}
