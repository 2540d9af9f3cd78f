package dev.storefleet.api;

import dev.storefleet.domain.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * One request as a handler sees it: who sent it (the token's user), the segments its path
 * template captured, its query parameters and its JSON body, read with a size limit and a
 * content-type check.
 */
final class ApiRequest {
    /** The largest body the API reads; store requests are a few hundred bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    /** A too-large body is read and dropped up to this size, so the client gets its 413 cleanly. */
    static final int MAX_DRAIN_BYTES = 4 * 1024 * 1024;

    private final Request request;
    private final String actor;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final JsonBodies json;

    ApiRequest(Request request, String actor, Map<String, String> pathParams, JsonBodies json) {
        this.request = request;
        this.actor = actor;
        this.pathParams = Map.copyOf(pathParams);
        this.query = parseQuery(request.getHttpURI().getQuery());
        this.json = json;
    }

    /** The user id of the bearer token: the audited actor. */
    String actor() {
        return actor;
    }

    /**
     * The store id of the path ({@code /api/stores/{id}}): 1 or more, in canonical ASCII digits
     * ({@link WholeNumbers}); any other spelling, {@code 0} and leading zeros included, is a 400.
     */
    long id() {
        String id = pathParam("id");
        OptionalLong value = WholeNumbers.parse(id);
        if (value.isEmpty() || value.getAsLong() == 0) {
            throw ValidationException.of("id", "Store id " + Quoted.of(id) + " is not a store id: an id is a whole"
                    + " number from 1 to " + Long.MAX_VALUE + " in ASCII digits, with no sign, spaces or leading"
                    + " zeros, as in /api/stores/42.");
        }
        return value.getAsLong();
    }

    /** The path segment the route's template calls {@code {name}}, decoded. */
    String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("the route has no {" + name + "}");
        }
        return value;
    }

    /**
     * The query parameters, read on every route (a bad %-escape is a 400 also where no parameter
     * is used); a parameter given twice is refused rather than guessed at.
     */
    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (params.put(name, value) != null) {
                throw ApiException.badRequest("Query parameter " + Quoted.of(name) + " is given more than once.");
            }
        }
        return params;
    }

    /** The query parameters, refusing any that is not one of {@code known} (a typo would be ignored otherwise). */
    Map<String, String> query(Set<String> known) {
        for (String name : query.keySet()) {
            if (!known.contains(name)) {
                throw ValidationException.of(name, "Unknown query parameter " + Quoted.of(name) + "; "
                        + (known.isEmpty() ? "this route takes none." : "the parameters are: "
                                + known.stream().sorted().collect(Collectors.joining(", ")) + "."));
            }
        }
        return query;
    }

    /**
     * Query parameter {@code name} as a whole number from {@code min} to {@code max} in canonical
     * ASCII digits ({@link WholeNumbers}), {@code fallback} if absent.
     */
    static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
        String text = query.get(name);
        if (text == null) {
            return fallback;
        }
        OptionalLong value = WholeNumbers.parse(text);
        if (value.isPresent() && value.getAsLong() >= min && value.getAsLong() <= max) {
            return (int) value.getAsLong();
        }
        throw ValidationException.of(name, "'" + name + "' must be a whole number from " + min + " to " + max
                + " in ASCII digits, with no sign, spaces or leading zeros; not " + Quoted.of(text) + ".");
    }

    /** The JSON body as {@code type}; 400 if there is none. */
    <T> T body(Class<T> type) {
        byte[] body = rawBody();
        if (body.length == 0) {
            throw ApiException.badRequest("This request needs a JSON body.");
        }
        return json.read(body, type);
    }

    /** The JSON body as {@code type}, or null if the request has no body. */
    <T> T optionalBody(Class<T> type) {
        byte[] body = rawBody();
        return body.length == 0 ? null : json.read(body, type);
    }

    /** Jetty has already refused a Content-Length that is not a number, negative or given twice differently. */
    private byte[] rawBody() {
        long length = request.getLength();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeaders().get(HttpHeader.TRANSFER_ENCODING));
        if (length == 0 || (length < 0 && !chunked)) {
            return new byte[0];
        }
        checkContentType();
        InputStream body = Request.asInputStream(request);
        if (length > MAX_BODY_BYTES) {
            throw tooLarge(body, length);
        }
        try (InputStream in = body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (out.size() > MAX_BODY_BYTES) {
                    throw tooLarge(in, -1);
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /** Jetty fails the read when the connection idles past its timeout, ends early, or breaks the chunked encoding. */
    private static ApiException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return new ApiException(408, "timeout", "The body did not arrive whole within "
                        + ApiServer.IDLE_TIMEOUT.toSeconds() + " s (is it shorter than its Content-Length?); send it again.",
                        Map.of("Connection", "close"));
            }
        }
        return new ApiException(400, "bad_request", "The body could not be read: it ended early or its chunked"
                + " encoding is broken.", Map.of("Connection", "close"));
    }

    private void checkContentType() {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "The body must be JSON with 'Content-Type:"
                    + " application/json'" + (contentType == null ? "; none was given." : ", not '" + contentType + "'."));
        }
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        if (lower.contains("charset=") && !lower.contains("charset=utf-8")) {
            throw new ApiException(415, "unsupported_media_type", "JSON bodies must be UTF-8, not '" + contentType + "'.");
        }
    }

    /** Drops what is left of a too-large body (up to a bound), so the 413 reaches the client. */
    private static ApiException tooLarge(InputStream in, long declared) {
        boolean drained = false;
        if (declared <= MAX_DRAIN_BYTES) {
            try {
                long skipped = 0;
                byte[] buffer = new byte[8192];
                int n;
                while (skipped <= MAX_DRAIN_BYTES && (n = in.read(buffer)) >= 0) {
                    skipped += n;
                }
                drained = skipped <= MAX_DRAIN_BYTES;
            } catch (IOException e) {
                drained = false;
            }
        }
        return new ApiException(413, "payload_too_large", "The body is larger than the "
                + MAX_BODY_BYTES / 1024 + " KiB this API accepts.",
                drained ? Map.of() : Map.of("Connection", "close"));
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The query string is not properly encoded: a '%' must be followed by two"
                    + " hex digits (write %25 for '%' itself).");
        }
    }
}
