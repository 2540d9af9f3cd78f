package dev.storefleet.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request Jetty could parse: the bearer token checked, routed, the token's role checked
 * against the one the route declares, answered in JSON; runs on a worker thread.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final JwtTokens tokens;
    private final Router router;
    private final JsonBodies json;
    private final AccessDenials denials;

    ApiHandler(JwtTokens tokens, Router router, JsonBodies json, AccessDenials denials) {
        this.tokens = tokens;
        this.router = router;
        this.json = json;
        this.denials = denials;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        long started = System.nanoTime();
        ApiResponse answer;
        try {
            refuseParameters(request);
            JwtTokens.Caller caller = tokens.verify(bearerToken(request));
            Router.Match match = router.find(method, routedPath(request));
            if (!caller.role().includes(match.access().needs())) {
                throw denials.refuse(caller, match, method, path);
            }
            answer = match.handler().handle(new ApiRequest(request, caller.user(), match.params(), json));
        } catch (RuntimeException | Error e) {
            answer = ErrorResponses.of(e, method, path);
        }
        byte[] body;
        try {
            body = answer.body() == null ? new byte[0] : json.write(answer.body());
        } catch (RuntimeException e) {
            answer = ErrorResponses.of(e, method, path);
            body = json.write(answer.body());
        }
        send(answer, body, response, callback);
        LOG.debug("{} {} -> {} in {} ms", method, path, answer.status(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** Writes {@code answer} with {@code body}, its JSON, and the headers of every answer. */
    static void send(ApiResponse answer, byte[] body, Response response, Callback callback) {
        response.setStatus(answer.status());
        answer.headers().forEach(response.getHeaders()::put);
        JsonAnswers.addHeaders(response.getHeaders());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * The path as sent, its dot segments resolved, %-escapes kept: the router splits it before it
     * decodes, which {@code getPathInContext} (decoded) would not let it do. The API is served at
     * the root, so the path in context is the whole path.
     */
    private static String routedPath(Request request) {
        String path = URIUtil.normalizePath(request.getHttpURI().getPath());
        if (path != null && path.isEmpty()) {
            return "/";
        }
        if (path == null || !path.startsWith("/")) {
            throw ApiException.badRequest("The path leaves the root with '..' segments.");
        }
        return path;
    }

    /** Jetty drops {@code ;name=value} path parameters from the path; here they would make {@code 1;x} name store 1. */
    private static void refuseParameters(Request request) {
        if (request.getHttpURI().getPath().indexOf(';') >= 0) {
            throw ApiException.badRequest("This API's paths take no ';' parameters; write ';' as %3B if it is data.");
        }
    }

    private static String bearerToken(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized("This API needs a bearer token: send 'Authorization: Bearer <token>'"
                    + " (mint one with: storefleet token <user id>).");
        }
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw ApiException.unauthorized("The Authorization header must be 'Bearer <token>'.");
        }
        return parts[1];
    }
}
