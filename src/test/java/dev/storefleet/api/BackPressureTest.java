package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * A server with every worker busy: further requests wait for their turn (none is dropped) up to
 * {@link ApiServer#QUEUE} of them; one more is answered 503 at once, in the API's JSON.
 */
@Timeout(90)
class BackPressureTest extends SharedStoreApiTest {

    @Test
    void pastTheRunningAndWaitingRequestsTheAnswerIsA503InJsonAndTheWaitingOnesAreServed() throws Exception {
        CountDownLatch held = fx.storeOrders.hold(SHOP);
        ExecutorService clients = Executors.newCachedThreadPool();
        try {
            List<Future<RawHttp.Answer>> waiting = new ArrayList<>();
            for (int i = 0; i < ApiServer.THREADS; i++) {
                waiting.add(clients.submit(() -> get("/api/stores/" + storeId + "/orders")));
            }
            Eventually.until(() -> fx.storeOrders.calls.size(), n -> n >= ApiServer.THREADS, Duration.ofSeconds(20));
            assertEquals(ApiServer.THREADS, fx.storeOrders.calls.size(), "every worker is inside the held store");

            // Each probe that is not refused waits in line; within QUEUE + a few probes one must be refused.
            RawHttp.Answer refused = null;
            for (int i = 0; i <= ApiServer.QUEUE + 8 && refused == null; i++) {
                Future<RawHttp.Answer> probe = clients.submit(() -> get("/api/stores"));
                try {
                    RawHttp.Answer answer = probe.get(150, TimeUnit.MILLISECONDS);
                    assertEquals(503, answer.status(), "a probe answered while every worker was busy: " + answer);
                    refused = answer;
                } catch (TimeoutException e) {
                    waiting.add(probe);
                }
            }
            assertTrue(refused != null, "no probe was refused after " + waiting.size() + " requests");
            assertTrue(waiting.size() >= ApiServer.THREADS + ApiServer.QUEUE, "refused only past the queue: "
                    + waiting.size() + " waiting");
            JsonNode error = RawHttp.expectJsonError(503, "unavailable", refused);
            assertTrue(error.path("message").asString().contains("try again"), error.toString());

            held.countDown();
            for (Future<RawHttp.Answer> request : waiting) {
                RawHttp.Answer answer = request.get(30, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), "served once a worker was free: " + answer);
            }
        } finally {
            held.countDown();
            clients.shutdownNow();
            fx.storeOrders.reset();
        }
    }

    private static RawHttp.Answer get(String path) throws Exception {
        String request = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + fx.token("ops")
                + "\r\nConnection: close\r\n\r\n";
        return RawHttp.send(fx.server.port(), request.getBytes(StandardCharsets.ISO_8859_1), 60_000);
    }
}
