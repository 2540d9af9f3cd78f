package dev.storefleet.cluster;

import dev.storefleet.service.port.StoreExec.ExecProgress;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One exec stream in the Kubernetes channel protocol {@value #PROTOCOL}: each WebSocket message is
 * a channel byte (0 stdin, 1 stdout, 2 stderr, 3 the exit Status as JSON) and its bytes; v5 adds
 * channel 255, whose message {@code [255, 0]} closes the command's stdin (v4 cannot, so a command
 * reading its input to the end never ends there).
 *
 * <p>Bounded buffering both ways: a received message is written out on this session's own thread
 * and only then is the next one asked for (fabric8's {@code request()}), so at most one message is
 * held; stdin is sent in {@value #CHUNK}-byte messages, one at a time: the JDK's WebSocket allows
 * one outstanding send, and fabric8's {@code send} answers {@code false} (the message dropped) when
 * another is still being written, which would lose input and leave the command waiting for the rest.
 */
final class ExecSession implements WebSocket.Listener {
    static final String PROTOCOL = "v5.channel.k8s.io";
    static final int CHUNK = 32 * 1024;
    /** How long the input pump sleeps while the previous message is still being written. */
    private static final long SEND_POLL_NANOS = 50_000;
    private static final long SERVER_CLOSE_WAIT_MILLIS = 1000;
    private static final byte STDIN = 0;
    private static final byte STDOUT = 1;
    private static final byte STDERR = 2;
    private static final byte STATUS = 3;
    private static final byte CLOSE = (byte) 255;
    private static final int STDERR_KEPT = 4 * 1024;

    private final OutputStream stdout;
    private final ExecProgress progress;
    private final KubernetesSerialization json;
    private final ByteTail stderr = new ByteTail(STDERR_KEPT);
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final CompletableFuture<Status> status = new CompletableFuture<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exec-output");
        t.setDaemon(true);
        return t;
    });
    private volatile WebSocket webSocket;
    private final CountDownLatch serverClosed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();

    ExecSession(OutputStream stdout, ExecProgress progress, KubernetesSerialization json) {
        this.stdout = stdout;
        this.progress = progress;
        this.json = json;
    }

    /** The command's exit Status; failed with {@link StreamFailure} when the stream broke first. */
    CompletableFuture<Status> status() {
        return status;
    }

    String stderrTail() {
        return stderr.text();
    }

    @Override
    public void onOpen(WebSocket ws) {
        webSocket = ws;
    }

    @Override
    public void onMessage(WebSocket ws, ByteBuffer message) {
        boolean handled = onWriter(() -> {
            handle(message);
            ws.request();
        });
        if (!handled) {
            // Closed (cancelled, failed, done): the rest is dropped but still read, so the server's
            // close reaches the socket and the connection ends now rather than when fabric8 aborts it.
            ws.request();
        }
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        onMessage(ws, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void onClose(WebSocket ws, int code, String reason) {
        serverClosed.countDown();
        // after the messages before it were handled: the Status may be among them
        onWriter(() -> fail(new StreamFailure("the connection closed before the command's exit status came"
                + " (WebSocket close " + code + (reason == null || reason.isBlank() ? "" : ", " + reason) + ")", null)));
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        serverClosed.countDown();
        fail(new StreamFailure("the connection failed: " + ClusterErrors.reason(error), error));
    }

    /** In the order the messages came; false (nothing run) once the session is closed. */
    private boolean onWriter(Runnable task) {
        try {
            writer.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    private void handle(ByteBuffer message) {
        if (status.isDone() || !message.hasRemaining()) {
            return;
        }
        byte channel = message.get();
        switch (channel) {
            case STDOUT -> {
                int n = message.remaining();
                try {
                    if (message.hasArray()) {
                        stdout.write(message.array(), message.arrayOffset() + message.position(), n);
                    } else {
                        byte[] copy = new byte[n];
                        message.get(copy);
                        stdout.write(copy);
                    }
                } catch (IOException e) {
                    fail(new StreamFailure("writing the command's output failed: " + e.getMessage(), e));
                    return;
                }
                progress.bytes(sent.get(), received.addAndGet(n));
            }
            case STDERR -> stderr.write(message);
            case STATUS -> {
                try {
                    status.complete(json.unmarshal(StandardCharsets.UTF_8.decode(message).toString(), Status.class));
                } catch (RuntimeException e) {
                    fail(new StreamFailure("the API server sent an exit status that is not a Status object", e));
                }
            }
            default -> {
                // channel 4 (resize) and others are not the client's to receive; ignored as kubectl does
            }
        }
    }

    /**
     * Sends {@code in} to the command's stdin until its end, then closes the command's stdin; stops
     * early when the command ended or {@code stop} turned true.
     */
    void pump(InputStream in, BooleanSupplier stop) {
        try {
            // One frame for every chunk: the previous send has completed before the next read, and
            // fabric8 copies what it sends anyway.
            byte[] frame = new byte[CHUNK + 1];
            frame[0] = STDIN;
            for (int n; (n = in.read(frame, 1, CHUNK)) != -1; ) {
                if (n > 0 && !send(ByteBuffer.wrap(frame, 0, n + 1), stop)) {
                    return;
                }
                progress.bytes(sent.addAndGet(n), received.get());
            }
            send(ByteBuffer.wrap(new byte[] {CLOSE, STDIN}), stop);
        } catch (InterruptedIOException | InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(new StreamFailure("reading the input to send failed: " + e.getMessage(), e));
        }
    }

    /**
     * Sends one message once the previous one is written; {@code false} when the command ended,
     * {@code stop} turned true, or the socket closed (its reason arrives through onClose/onError).
     */
    private boolean send(ByteBuffer message, BooleanSupplier stop) throws InterruptedException {
        WebSocket ws = webSocket;
        while (ws.queueSize() > 0) {
            if (status.isDone() || stop.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(SEND_POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return !status.isDone() && !stop.getAsBoolean() && ws.send(message);
    }

    private void fail(StreamFailure failure) {
        if (status.completeExceptionally(failure)) {
            close();
        }
    }

    /** Closes the WebSocket (the API server then ends the stream) and stops this session's thread. */
    void close() {
        WebSocket ws = webSocket;
        if (ws != null && closing.compareAndSet(false, true) && !closedByServer()) {
            ws.sendClose(1000, "done");
        }
        writer.shutdown();
    }

    /**
     * After the exit status the API server ends the stream itself: a close of ours crossing its
     * close would only fail (and be logged), so it is sent only if the server's does not come soon.
     */
    private boolean closedByServer() {
        if (status.isDone() && !status.isCompletedExceptionally()) {
            try {
                return serverClosed.await(SERVER_CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return serverClosed.getCount() == 0;
    }

    /** The stream broke before the command's exit status came; the message says how. */
    static final class StreamFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
