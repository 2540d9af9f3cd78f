package dev.storefleet.store;

import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * JSON over HTTP to a store, with a connect timeout and a per-request timeout on every call, and
 * every failure turned into a {@link StoreApiException} naming the call. Never logs headers or
 * bodies (they carry credentials and tokens).
 */
final class StoreHttp {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final StoreApiTimeouts timeouts;

    StoreHttp(StoreApiTimeouts timeouts, SSLContext tls) {
        this.timeouts = timeouts;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
    }

    /** A store's answer: status and body as JSON (MissingNode when the body is not JSON). */
    record Response(int status, JsonNode json, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Response send(String what, String method, URI uri, Map<String, String> headers, Object body) {
        return send(what, method, uri, headers, body, timeouts.request(), false);
    }

    /**
     * Like {@link #send}, for the request that creates the order: when it gets no answer (a timeout,
     * a connection dropped after it was sent) the message says the order may exist all the same.
     */
    Response sendCreatingOrder(String what, String method, URI uri, Map<String, String> headers, Object body) {
        return send(what, method, uri, headers, body, timeouts.request(), true);
    }

    /**
     * Null if {@code uri} answers 2xx within the probe timeout, otherwise why not, in a few words
     * ("connection refused", "TLS failed: …", "HTTP 503", "no answer within 3 s"). Never throws.
     */
    String whyNotAnswering(URI uri) {
        Probe probe = probe(uri, Map.of());
        return probe.failure() != null ? probe.failure() : probe.ok() ? null : "HTTP " + probe.status();
    }

    /** The most of a probe's answer that is read; a probe is meant to be small, the rest is not fetched. */
    static final int PROBE_BODY_LIMIT = 16 * 1024;

    /**
     * A probe's answer: the status and the body's first {@link #PROBE_BODY_LIMIT} bytes, or, when
     * there was no answer, why not in a few words.
     */
    record Probe(int status, String body, String failure) {
        boolean ok() {
            return failure == null && status >= 200 && status < 300;
        }

        /** The body as JSON; MissingNode when it is not JSON (or was cut at the limit). */
        JsonNode json() {
            try {
                return body == null || body.isBlank() ? MissingNode.getInstance() : JSON.readTree(body);
            } catch (JacksonException e) {
                return MissingNode.getInstance();
            }
        }
    }

    /**
     * A GET that ends within the probe timeout, headers and body, reading at most
     * {@link #PROBE_BODY_LIMIT} bytes of the answer. Never throws.
     */
    Probe probe(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeouts.probe())
                .header("Accept", "application/json").GET();
        headers.forEach(request::header);
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> answer = client.sendAsync(request.build(),
                info -> new CappedBody(PROBE_BODY_LIMIT));
        try {
            HttpResponse<byte[]> response = answer.get(timeouts.probe().toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
            return new Probe(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
                    null);
        } catch (java.util.concurrent.TimeoutException e) {
            answer.cancel(true);
            return new Probe(0, null, "no answer within " + seconds(timeouts.probe()));
        } catch (java.util.concurrent.ExecutionException e) {
            return new Probe(0, null, whyNoAnswer(e.getCause()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new Probe(0, null, "interrupted");
        }
    }

    /** The first cause in the chain that says something an operator can act on. */
    private String whyNoAnswer(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within " + seconds(timeouts.connect());
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer within " + seconds(timeouts.probe());
            }
            if (t instanceof ConnectException) {
                return "connection refused or no route";
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage();
            }
            if (t instanceof java.nio.channels.UnresolvedAddressException) {
                return "cannot resolve the host";
            }
        }
        return "the connection failed" + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private Response send(String what, String method, URI uri, Map<String, String> headers, Object body,
            java.time.Duration timeout, boolean createsOrder) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": no connection to " + origin(uri) + " within "
                    + seconds(timeouts.connect()) + ".", e);
        } catch (HttpTimeoutException e) {
            throw new StoreApiException(Step.TIMEOUT, what + ": " + origin(uri) + " did not answer within "
                    + seconds(timeout) + "." + mayHaveHappened(createsOrder), e);
        } catch (ConnectException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": cannot connect to " + origin(uri)
                    + " (connection refused or no route).", e);
        } catch (SSLException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": TLS with " + origin(uri) + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": the connection to " + origin(uri) + " failed ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")."
                    + mayHaveHappened(createsOrder), e);
        } catch (IllegalArgumentException e) { // includes UnresolvedAddressException
            throw new StoreApiException(Step.UNREACHABLE, what + ": cannot resolve " + origin(uri) + ".", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreApiException(Step.TIMEOUT, what + ": interrupted (cancelled) while waiting for "
                    + origin(uri) + ".", e);
        }
        JsonNode json;
        try {
            json = response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : JSON.readTree(response.body());
        } catch (JacksonException e) {
            json = MissingNode.getInstance();
        }
        return new Response(response.statusCode(), json, response.body());
    }

    /** An order request without an answer may still have placed the order: say so, so nobody places two. */
    private static String mayHaveHappened(boolean createsOrder) {
        return createsOrder ? " The order may have been placed all the same: look at the store's orders before"
                + " trying again." : "";
    }

    /** "1 s", "1.5 s": a short timeout must not read "0 s". */
    private static String seconds(java.time.Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s"
                : java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** Scheme, host and port only: paths can carry ids and queries can carry OAuth parameters. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
