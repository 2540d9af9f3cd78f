package dev.storefleet.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's own refusals in the API's JSON error shape: requests its parser cannot read (bad URI
 * escapes, a bad or doubled Content-Length, a request line or headers too long, a bad method
 * token), answers Jetty gives itself (503 when too many requests wait) and failures after a
 * handler gave up. The message is ours, in words, with Jetty's reason only where it is a short
 * phrase ({@link HttpRefusal}); the rest of what Jetty knows goes to the debug log.
 */
final class JsonErrorHandler extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final JsonBodies json;

    JsonErrorHandler(JsonBodies json) {
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        LOG.debug("{} {} refused by the HTTP layer: {} {}", request.getMethod(), request.getHttpURI().getPath(), status,
                request.getAttribute(ERROR_MESSAGE), (Throwable) request.getAttribute(ERROR_EXCEPTION));
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.CONTENT_TYPE);
        JsonAnswers.addHeaders(headers);
        Object reason = request.getAttribute(ERROR_MESSAGE);
        response.write(true, ByteBuffer.wrap(body(status, reason instanceof String text ? text : null)), callback);
        return true;
    }

    private byte[] body(int status, String reason) {
        return json.write(HttpRefusal.of(status).view(reason));
    }
}
