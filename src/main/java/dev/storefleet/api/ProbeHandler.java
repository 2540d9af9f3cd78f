package dev.storefleet.api;

import java.util.Map;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The probes of a process manager such as Kubernetes, answered without a token and ahead of the
 * request limit (a liveness probe stuck behind 8 slow checks would get a healthy server restarted):
 * {@code GET /healthz}, liveness, 200 {@code {"status":"ok"}} whenever the process serves HTTP;
 * {@code GET /readyz}, readiness, 200 {@code {"status":"ready"}} or 503 in words ({@link Readiness}).
 * Every other request goes on to the API.
 */
final class ProbeHandler extends Handler.Wrapper {
    static final String LIVENESS = "/healthz";
    static final String READINESS = "/readyz";

    private final Readiness readiness;
    private final JsonBodies json;

    ProbeHandler(Handler api, Readiness readiness, JsonBodies json) {
        super(api);
        this.readiness = readiness;
        this.json = json;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        boolean liveness = LIVENESS.equals(path);
        if (!liveness && !READINESS.equals(path)) {
            return super.handle(request, response, callback);
        }
        ApiResponse answer;
        if (!"GET".equals(request.getMethod())) {
            answer = new ApiResponse(405, new ErrorView("method_not_allowed", path + " takes GET only."),
                    Map.of("Allow", "GET"));
        } else {
            answer = liveness ? ApiResponse.ok(new Readiness.Status("ok")) : readiness.answer();
        }
        ApiHandler.send(answer, json.write(answer.body()), response, callback);
        return true;
    }
}
