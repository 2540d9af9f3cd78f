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
        return send(what, method, uri, headers, body, timeouts.request());
    }

    /** True if {@code uri} answers 2xx within the probe timeout. Never throws. */
    boolean answers(URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeouts.probe()).GET().build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() >= 200 && response.statusCode() < 300;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Response send(String what, String method, URI uri, Map<String, String> headers, Object body,
            java.time.Duration timeout) {
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
                    + timeouts.connect().toSeconds() + " s.", e);
        } catch (HttpTimeoutException e) {
            throw new StoreApiException(Step.TIMEOUT, what + ": " + origin(uri) + " did not answer within "
                    + timeout.toSeconds() + " s.", e);
        } catch (ConnectException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": cannot connect to " + origin(uri)
                    + " (connection refused or no route).", e);
        } catch (SSLException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": TLS with " + origin(uri) + " failed: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreApiException(Step.UNREACHABLE, what + ": the connection to " + origin(uri) + " failed ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").", e);
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

    /** Scheme, host and port only: paths can carry ids and queries can carry OAuth parameters. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
