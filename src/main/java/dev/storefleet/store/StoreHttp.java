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
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeouts.probe()).GET().build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 300 ? null : "HTTP " + response.statusCode();
        } catch (HttpConnectTimeoutException e) {
            return "no connection within " + seconds(timeouts.connect());
        } catch (HttpTimeoutException e) {
            return "no answer within " + seconds(timeouts.probe());
        } catch (ConnectException e) {
            return "connection refused or no route";
        } catch (SSLException e) {
            return "TLS failed: " + e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
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
