package dev.storefleet.cluster;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.Store;
import dev.storefleet.service.port.PodSummary;
import dev.storefleet.service.port.StorePods;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pods of a store's release ({@code app.kubernetes.io/instance=<release>} in its namespace,
 * which the charts put on every pod template, the setup Job's included) and their logs.
 *
 * <p>Logs are read with fabric8's HTTP client from the pod's {@code log} subresource rather than
 * with {@code getLog()}/{@code watchLog()}: in fabric8 8.0 those first wait for the pod to be ready
 * (a list and a watch per call, also for a crash-looping container, which never will be), and
 * {@code watchLog} writes whatever the API server answers into the stream, a 404's JSON included.
 * Here the answer's status is checked before any line is taken, and the bytes are cut into
 * lines as they come, with no thread of ours.
 */
public final class Fabric8StorePods implements StorePods {
    private static final int MAX_ERROR_BYTES = 8 * 1024;

    private final ClusterConnection connection;

    public Fabric8StorePods(ClusterConnection connection) {
        this.connection = connection;
    }

    @Override
    public List<PodSummary> pods(Store store) {
        try {
            return connection.client().pods().inNamespace(store.namespace())
                    .withLabel(StoreLabels.INSTANCE, store.releaseName()).list().getItems().stream()
                    .map(PodSummaries::of).sorted(PodSummaries.OLDEST_FIRST).toList();
        } catch (RuntimeException e) {
            throw ClusterErrors.wrap("listing the pods of release " + store.releaseName() + " in namespace "
                    + store.namespace(), e);
        }
    }

    @Override
    public List<String> tail(Store store, LogRequest request) {
        String operation = "reading the log of " + what(store, request);
        NewestLines tail = new NewestLines(request.tailLines(), MAX_TAIL_BYTES);
        LogLineSplitter splitter = new LogLineSplitter(MAX_LINE_BYTES, tail::addAll);
        HttpRequest http = connection.client().getHttpClient().newHttpRequestBuilder()
                .uri(logUri(store, request, false)).build();
        AsyncBody body = open(operation, http, splitter);
        try {
            body.done().get(ClusterConnection.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            splitter.finish();
            return tail.lines();
        } catch (InterruptedException e) {
            body.cancel();
            Thread.currentThread().interrupt();
            throw new ClusterException(operation + ": " + ClusterErrors.reason(e), e);
        } catch (TimeoutException e) {
            body.cancel();
            throw new ClusterException(operation + ": the API server did not send the whole log within "
                    + ClusterConnection.REQUEST_TIMEOUT.toSeconds() + " s; try a shorter tail.", e);
        } catch (ExecutionException e) {
            throw ClusterErrors.wrap(operation, asRuntime(e.getCause()));
        }
    }

    @Override
    public LogFollow follow(Store store, LogRequest request, LogSink sink) {
        String operation = "following the log of " + what(store, request);
        AtomicBoolean closed = new AtomicBoolean();
        LogLineSplitter splitter = new LogLineSplitter(MAX_LINE_BYTES, lines -> {
            if (!closed.get()) {
                sink.lines(lines);
            }
        });
        HttpRequest http = connection.client().getHttpClient().newHttpRequestBuilder()
                .uri(logUri(store, request, true)).forStreaming().build();
        AsyncBody body = open(operation, http, splitter);
        body.done().whenComplete((done, failure) -> {
            if (closed.getAndSet(true)) {
                return; // closed by the console: nothing to report
            }
            splitter.finish();
            sink.ended(failure == null ? "The log of " + what(store, request) + " ended: the container stopped or"
                    + " the API server closed the stream. Follow it again to go on."
                    : "Following the log of " + what(store, request) + " stopped: " + ClusterErrors.reason(failure)
                            + ". Follow it again to go on.");
        });
        return () -> {
            if (!closed.getAndSet(true)) {
                body.cancel();
            }
        };
    }

    /**
     * Sends the request and waits for the answer's head; a refusal is turned into the API
     * server's own words. On success, the body flows into {@code splitter} from now on.
     */
    private AsyncBody open(String operation, HttpRequest request, LogLineSplitter splitter) {
        HttpClient http = connection.client().getHttpClient();
        ByteArrayOutputStream error = new ByteArrayOutputStream();
        AtomicBoolean refused = new AtomicBoolean();
        CompletableFuture<HttpResponse<AsyncBody>> answer = http.consumeBytes(request, (chunk, body) -> {
            if (refused.get()) {
                collect(chunk, error);
            } else {
                splitter.accept(chunk);
            }
            body.consume();
        });
        HttpResponse<AsyncBody> response;
        try {
            response = answer.get(ClusterConnection.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new ClusterException(operation + ": " + ClusterErrors.reason(e), e);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new ClusterException(operation + ": " + ClusterErrors.reason(e), e);
        } catch (ExecutionException e) {
            throw ClusterErrors.wrap(operation, asRuntime(e.getCause()));
        }
        AsyncBody body = response.body();
        if (response.isSuccessful()) {
            body.consume();
            return body;
        }
        refused.set(true);
        body.consume();
        try {
            body.done().get(ClusterConnection.REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            body.cancel(); // the status code alone says enough
        }
        throw new ClusterException(operation + ": " + refusal(error.toString(StandardCharsets.UTF_8), response.code()));
    }

    private String refusal(String body, int code) {
        try {
            Status status = connection.client().getKubernetesSerialization().unmarshal(body, Status.class);
            if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
                return status.getMessage() + " (HTTP " + code + ")";
            }
        } catch (RuntimeException notJson) {
            // fall through to the status code
        }
        return "the API server answered HTTP " + code;
    }

    private static void collect(List<ByteBuffer> chunk, ByteArrayOutputStream into) {
        for (ByteBuffer buffer : chunk) {
            while (buffer.hasRemaining() && into.size() < MAX_ERROR_BYTES) {
                into.write(buffer.get());
            }
            buffer.position(buffer.limit());
        }
    }

    private String logUri(Store store, LogRequest request, boolean follow) {
        String master = connection.client().getMasterUrl().toString();
        StringBuilder uri = new StringBuilder(master.endsWith("/") ? master : master + "/")
                .append("api/v1/namespaces/").append(encoded(store.namespace()))
                .append("/pods/").append(encoded(request.pod()))
                .append("/log?container=").append(encoded(request.container()))
                .append("&tailLines=").append(request.tailLines());
        if (request.previous()) {
            uri.append("&previous=true");
        } else if (follow) {
            uri.append("&follow=true");
        } else {
            // the tail keeps the newest text anyway; this spares sending what it would drop
            uri.append("&limitBytes=").append(MAX_TAIL_BYTES);
        }
        return uri.toString();
    }

    private static String what(Store store, LogRequest request) {
        return (request.previous() ? "the previous instance of " : "") + "container " + request.container()
                + " of pod " + request.pod() + " in namespace " + store.namespace();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static RuntimeException asRuntime(Throwable t) {
        return t instanceof RuntimeException r ? r : new ClusterException(ClusterErrors.reason(t), t);
    }

    /** The newest lines of a log, at most {@code maxLines} of them and about {@code maxChars} of text. */
    static final class NewestLines {
        private final int maxLines;
        private final long maxChars;
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private long chars;

        NewestLines(int maxLines, long maxChars) {
            this.maxLines = maxLines;
            this.maxChars = maxChars;
        }

        void addAll(List<String> more) {
            for (String line : more) {
                lines.addLast(line);
                chars += line.length();
                while (lines.size() > maxLines || (chars > maxChars && lines.size() > 1)) {
                    chars -= lines.removeFirst().length();
                }
            }
        }

        List<String> lines() {
            return List.copyOf(lines);
        }
    }
}
