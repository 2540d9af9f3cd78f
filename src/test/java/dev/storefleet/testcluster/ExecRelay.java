package dev.storefleet.testcluster;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * One pod {@code exec} stream of the Kubernetes channel protocol, relayed to a local process that
 * stands in for the container's command, as the API server and kubelet relay to the container.
 * Served by fabric8's mock server ({@code MockResponse.withWebSocketUpgrade(relay)}).
 *
 * <p>The argv comes from the request's {@code command=} parameters, mapped by the test's function
 * (so {@code mysqldump ...} can run as {@code cat dump.sql}). Each message is a channel byte and
 * its bytes: 0 stdin (written to the process), 1 stdout and 2 stderr (read from it), 3 the exit
 * Status when it ends, then a normal close; as in {@code v5.channel.k8s.io},
 * {@code [255, 0]} closes the process's stdin. When the client goes away first, the process is
 * destroyed, as the stream ends. Input waits for the process in a queue; when it is bounded, the
 * mock server's event loop waits past the bound and stops reading the socket, which is the
 * backpressure a slow command gives a real client (its sends stay pending). The loop also sends
 * the process's output, so a bounded relay suits only commands that read all their input before
 * writing much (sha256sum, a restore), unlike a real kubelet's independent directions.
 *
 * <p>Limit: fabric8's mock server (Vert.x) negotiates only up to v4, so the upgrade answer names no
 * subprotocol when v5 is asked; what the client offered is kept in {@link #offeredProtocols()}.
 */
public final class ExecRelay extends WebSocketListener {
    static final String V5 = "v5.channel.k8s.io";
    private static final int CHUNK = 32 * 1024;

    private final Function<List<String>, List<String>> toLocal;
    private volatile Process process;
    private volatile String offered;
    private volatile List<String> argv = List.of();
    private static final byte[] END = new byte[0];
    private final java.util.concurrent.BlockingQueue<byte[]> toStdin;

    /**
     * @param toLocal the local argv that stands in for the one the client asked to run
     * @param inputQueue how many input messages wait for the process before the socket is no longer read
     */
    public ExecRelay(Function<List<String>, List<String>> toLocal, int inputQueue) {
        this.toLocal = toLocal;
        this.toStdin = new java.util.concurrent.LinkedBlockingQueue<>(inputQueue);
    }

    /** The Sec-WebSocket-Protocol header of the upgrade request. */
    public String offeredProtocols() {
        return offered;
    }

    /** The argv the client asked for (before mapping). */
    public List<String> argv() {
        return argv;
    }

    /** The local process, once started. */
    public Process process() {
        return process;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        offered = ws.request().getHeader("Sec-WebSocket-Protocol");
        argv = queryValues(ws.request().getPath(), "command");
        boolean stdin = queryValues(ws.request().getPath(), "stdin").contains("true");
        try {
            process = new ProcessBuilder(toLocal.apply(argv)).start();
        } catch (IOException e) {
            send(ws, (byte) 3, ("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"" + e.getMessage()
                    .replace("\"", "'") + "\",\"reason\":\"InternalError\"}").getBytes(StandardCharsets.UTF_8));
            ws.close(1000, "");
            return;
        }
        Process p = process;
        if (!stdin) {
            closeQuietly(p.getOutputStream());
        } else {
            Thread writer = new Thread(() -> writeStdin(p), "exec-relay-stdin");
            writer.setDaemon(true);
            writer.start();
        }
        Thread out = pump(p.getInputStream(), ws, (byte) 1);
        Thread err = pump(p.getErrorStream(), ws, (byte) 2);
        Thread exit = new Thread(() -> {
            try {
                out.join();
                err.join();
                int code = p.waitFor();
                send(ws, (byte) 3, status(code).getBytes(StandardCharsets.UTF_8));
                ws.close(1000, "");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "exec-relay-exit");
        exit.setDaemon(true);
        exit.start();
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        if (bytes.length == 0) {
            return;
        }
        if (bytes[0] == 0) {
            toProcess(Arrays.copyOfRange(bytes, 1, bytes.length));
        } else if (bytes[0] == (byte) 255 && bytes.length == 2 && bytes[1] == 0) {
            toProcess(END);
        }
    }

    /** Waits while the queue is full, unless the process is gone (then its input is dropped). */
    private void toProcess(byte[] bytes) {
        try {
            while (!toStdin.offer(bytes, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Process p = process;
                if (p == null || !p.isAlive()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes to the process off the event loop (the process's stdout relay needs the loop to send). */
    private void writeStdin(Process p) {
        try (OutputStream in = p.getOutputStream()) {
            for (byte[] b; (b = toStdin.take()) != END; ) {
                in.write(b);
            }
        } catch (IOException e) {
            // the command closed its stdin or ended: like a container's, the rest is dropped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        end();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        end();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        end();
    }

    /** The stream is over: a command still running is killed. */
    private void end() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    static String status(int exitCode) {
        return exitCode == 0 ? "{\"metadata\":{},\"status\":\"Success\"}"
                : "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit code:"
                        + " error executing command, exit status " + exitCode + "\",\"reason\":\"NonZeroExitCode\","
                        + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"" + exitCode + "\"}]}}";
    }

    private static Thread pump(InputStream in, WebSocket ws, byte channel) {
        Thread t = new Thread(() -> {
            byte[] frame = new byte[CHUNK + 1];
            frame[0] = channel;
            try (in) {
                for (int n; (n = in.read(frame, 1, CHUNK)) != -1; ) {
                    if (n > 0 && !ws.send(Arrays.copyOf(frame, n + 1))) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the process was destroyed
            }
        }, "exec-relay-" + channel);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void send(WebSocket ws, byte channel, byte[] payload) {
        byte[] frame = new byte[payload.length + 1];
        frame[0] = channel;
        System.arraycopy(payload, 0, frame, 1, payload.length);
        ws.send(frame);
    }

    static List<String> queryValues(String path, String name) {
        List<String> values = new ArrayList<>();
        int q = path.indexOf('?');
        if (q < 0) {
            return values;
        }
        for (String pair : path.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
