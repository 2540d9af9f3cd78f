package dev.storefleet.service;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.StoreExec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The stores' containers played by local processes: each exec runs the very argv a backup or
 * restore sends (through {@code sh -c}, as in the container) with the environment the chart gives
 * that container, pointed at a real test database server. A container's file system is a local
 * directory: the chart's mount paths ({@value #WORDPRESS_ROOT}) are mapped onto it, as a volume
 * would be. What crosses the network in the real thing (the exec WebSocket) is
 * {@code Fabric8StoreExecTest}'s subject; here the streams are copied directly.
 */
public final class LocalContainers implements StoreExec {
    static final String WORDPRESS_ROOT = BackupCommands.WORDPRESS_ROOT;
    private static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    /** One container: its environment and the local directory standing for its file system root (or null). */
    record Container(Map<String, String> env, Path root) {
    }

    private final Map<String, Container> containers = new ConcurrentHashMap<>();
    /** Every exec, as "namespace/container argv0…", in order. */
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** When set, the next stream stops after its first chunk until {@link #release} (a slow stream). */
    private volatile CountDownLatch hold;
    /** Counted down when a held command streamed its first chunk; a new one for every hold. */
    public volatile CountDownLatch firstChunk = new CountDownLatch(1);
    private volatile boolean holdInputOnly;

    public void add(String namespace, String container, Map<String, String> env, Path root) {
        containers.put(namespace + "/" + container, new Container(Map.copyOf(env), root));
    }

    public void holdAfterFirstChunk() {
        firstChunk = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    /** Holds the next command that reads input (a restore) before it gets any, until {@link #release}. */
    public void holdInputAfterFirstChunk() {
        holdInputOnly = true;
        firstChunk = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch h = hold;
        if (h != null) {
            h.countDown();
        }
    }

    @Override
    public void run(Store store, ExecTarget target, List<String> argv, InputStream stdin, OutputStream stdout,
            ExecProgress progress, BooleanSupplier cancelled) {
        Container container = containers.get(store.namespace() + "/" + target.container());
        if (container == null) {
            throw new ClusterException("store '" + store.name() + "': no running pod of component " + target.component());
        }
        calls.add(store.namespace() + "/" + target.container() + " " + String.join(" ", argv));
        List<String> mapped = new ArrayList<>();
        for (String arg : argv) {
            mapped.add(container.root() == null ? arg : arg.replace(WORDPRESS_ROOT, container.root().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(mapped);
        builder.environment().clear();
        builder.environment().put("PATH", PATH);
        builder.environment().putAll(container.env());
        builder.redirectErrorStream(false);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ClusterException("cannot start " + argv.get(0) + ": " + e.getMessage());
        }
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Thread feeder = new Thread(() -> feed(process, stdin, sent, received, progress, cancelled), "local-exec-stdin");
        feeder.setDaemon(true);
        feeder.start();
        StringBuilder errors = new StringBuilder();
        Thread stderr = new Thread(() -> {
            try (InputStream err = process.getErrorStream()) {
                errors.append(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the process ended
            }
        }, "local-exec-stderr");
        stderr.setDaemon(true);
        stderr.start();
        try (InputStream out = process.getInputStream()) {
            byte[] buffer = new byte[64 * 1024];
            boolean first = true;
            for (int n; (n = out.read(buffer)) > 0; ) {
                stdout.write(buffer, 0, n);
                progress.bytes(sent.get(), received.addAndGet(n));
                if (first) {
                    first = false;
                    if (!holdInputOnly) {
                        pauseIfHeld();
                    }
                }
                if (cancelled.getAsBoolean()) {
                    process.destroyForcibly();
                    throw new CancellationException("cancelled");
                }
            }
            feeder.join(TimeUnit.MINUTES.toMillis(5));
            if (cancelled.getAsBoolean()) {
                process.destroyForcibly();
                throw new CancellationException("cancelled");
            }
            int exit = process.waitFor();
            stderr.join(TimeUnit.SECONDS.toMillis(10));
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled"); // as the real exec: a cancel wins over the exit status
            }
            if (exit != 0) {
                throw new ClusterException("command " + argv.get(0) + " in " + target.container() + " exited with " + exit
                        + ": " + errors.toString().strip());
            }
        } catch (IOException e) {
            process.destroyForcibly();
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("cancelled");
            }
            throw new ClusterException("stream of " + argv.get(0) + " broke: " + e.getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }

    /** A cancel kills the command mid-input, as the API server ends a closed stream's command. */
    private void feed(Process process, InputStream stdin, AtomicLong sent, AtomicLong received, ExecProgress progress,
            BooleanSupplier cancelled) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin == null) {
                return;
            }
            byte[] buffer = new byte[64 * 1024];
            boolean first = true;
            for (int n; (n = stdin.read(buffer)) > 0; ) {
                if (first && holdInputOnly) {
                    pauseIfHeld(); // before the command has any of its input
                }
                if (cancelled.getAsBoolean()) {
                    process.destroyForcibly();
                    return;
                }
                in.write(buffer, 0, n);
                progress.bytes(sent.addAndGet(n), received.get());
                if (first) {
                    first = false;
                    pauseIfHeld();
                }
            }
        } catch (IOException e) {
            // the process ended or was killed: its exit status says why
        } catch (UncheckedIOException e) {
            // the archive could not be read: the exit status (a cut input) says so
        }
    }

    private void pauseIfHeld() {
        CountDownLatch h = hold;
        if (h != null) {
            firstChunk.countDown();
            try {
                h.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            hold = null;
            holdInputOnly = false;
        }
    }
}
