package dev.storefleet.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.storefleet.testcluster.Faults;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Puts {@link Faults} in front of a store's HTTP handler (the WooCommerce stand-in, the proxy in
 * front of a real Medusa): a matching request first waits its latency, then is answered with the
 * injected status (and a body in the store's own error shape) or has its connection closed with no
 * answer; anything else goes on to the real handler. The same rules as the test Kubernetes API.
 */
final class FaultyHandler implements HttpHandler {
    /** The body of an injected error, in the store's own shape. */
    interface ErrorBody {
        String json(int status, String method, String path);
    }

    private final Faults faults;
    private final ErrorBody errorBody;
    private final HttpHandler next;

    FaultyHandler(Faults faults, ErrorBody errorBody, HttpHandler next) {
        this.faults = faults;
        this.errorBody = errorBody;
        this.next = next;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        try {
            Duration delay = faults.delayFor(method, path);
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
        } catch (InterruptedException e) { // the server is stopping
            Thread.currentThread().interrupt();
            ex.close();
            return;
        }
        Optional<Faults.Action> fault = faults.take(method, path);
        if (fault.isPresent() && fault.get() instanceof Faults.Drop) {
            ex.getRequestBody().readAllBytes();
            ex.close(); // closing an exchange before its headers are sent closes the connection
            return;
        }
        if (fault.isPresent() && fault.get() instanceof Faults.Fail fail) {
            ex.getRequestBody().readAllBytes();
            byte[] body = errorBody.json(fail.status(), method, path).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            ex.sendResponseHeaders(fail.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
            return;
        }
        next.handle(ex);
    }
}
