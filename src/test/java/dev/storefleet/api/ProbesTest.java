package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.testing.Eventually;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /healthz} and {@code GET /readyz} as a kubelet sends them: no token, answered also
 * while every worker is busy; readiness 503 in words once the database is closed under the server.
 */
@Timeout(120)
class ProbesTest extends SharedStoreApiTest {

    private static HttpResponse<String> probe(ApiFixture fixture, String method, String path, String authorization)
            throws Exception {
        return fixture.raw(method, path, authorization, null, BodyPublishers.noBody());
    }

    @Test
    void bothProbesAnswerWithoutATokenAndIgnoreABadOne() throws Exception {
        long auditRows = fx.countRows("audit_event");
        for (String authorization : new String[] {null, "Bearer not-a-token", "Basic Zm9vOmJhcg=="}) {
            assertEquals("ok", expect(200, probe(fx, "GET", "/healthz", authorization)).path("status").asString());
            HttpResponse<String> ready = probe(fx, "GET", "/readyz", authorization);
            assertEquals("{\"status\":\"ready\"}", ready.body());
            expect(200, ready);
            assertEquals("no-store", ready.headers().firstValue("Cache-Control").orElse(null));
        }
        assertEquals(200, probe(fx, "GET", "/healthz?verbose=1", null).statusCode(), "a query is no other path");
        assertEquals(auditRows, fx.countRows("audit_event"), "probes audit nothing");
    }

    @Test
    void theProbesTakeGetOnlyAndAreTheOnlyPathsWithoutAToken() throws Exception {
        for (String path : new String[] {"/healthz", "/readyz"}) {
            HttpResponse<String> post = probe(fx, "POST", path, null);
            expectError(405, "method_not_allowed", post);
            assertEquals("GET", post.headers().firstValue("Allow").orElse(null));
        }
        for (String path : new String[] {"/healthz/", "/api/healthz", "/readyz/x", "/HEALTHZ"}) {
            expectError(401, "unauthorized", probe(fx, "GET", path, null));
        }
    }

    @Test
    void livenessAndReadinessAnswerWhileEveryWorkerIsBusy() throws Exception {
        CountDownLatch held = fx.storeOrders.hold(SHOP);
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            List<Future<RawHttp.Answer>> busy = new ArrayList<>();
            for (int i = 0; i < ApiServer.THREADS; i++) {
                busy.add(clients.submit(() -> raw("GET /api/stores/" + storeId + "/orders", true)));
            }
            Eventually.until(() -> fx.storeOrders.calls.size(), n -> n >= ApiServer.THREADS, Duration.ofSeconds(20));
            Future<RawHttp.Answer> waiting = clients.submit(() -> raw("GET /api/stores", true));

            assertEquals(200, raw("GET /healthz", false).status(), "not behind the request limit");
            assertEquals(200, raw("GET /readyz", false).status());
            assertFalse(waiting.isDone(), "an API request still waits for a worker meanwhile");
            assertTrue(busy.stream().noneMatch(Future::isDone), "and every worker is still held");

            held.countDown();
            assertEquals(200, waiting.get(30, TimeUnit.SECONDS).status());
            for (Future<RawHttp.Answer> request : busy) {
                assertEquals(200, request.get(30, TimeUnit.SECONDS).status());
            }
        } finally {
            held.countDown();
            clients.shutdownNow();
            fx.storeOrders.reset();
        }
    }

    @Test
    void readinessIs503InWordsOnceTheDatabaseIsClosedAndLivenessStays200(@TempDir Path own) throws Exception {
        try (ApiFixture closing = new ApiFixture(own)) {
            expect(200, probe(closing, "GET", "/readyz", null));
            closing.closeServices(); // the services and their H2 database, under the running server

            JsonNode notReady = expectError(503, "unavailable", probe(closing, "GET", "/readyz", null));
            String message = notReady.path("message").asString();
            assertTrue(message.contains("database does not answer"), message);
            assertFalse(RawHttp.JAVA_NAME.matcher(message).find(), "no Java in the words: " + message);
            expectError(503, "unavailable", probe(closing, "GET", "/readyz", null));
            assertEquals("ok", expect(200, probe(closing, "GET", "/healthz", null)).path("status").asString(),
                    "the process still serves: not a reason to restart it");
        }
    }

    private static RawHttp.Answer raw(String requestLine, boolean withToken) throws Exception {
        String request = requestLine + " HTTP/1.1\r\nHost: localhost\r\n"
                + (withToken ? "Authorization: Bearer " + fx.token("ops") + "\r\n" : "") + "Connection: close\r\n\r\n";
        return RawHttp.send(fx.server.port(), request.getBytes(StandardCharsets.ISO_8859_1), 60_000);
    }
}
