package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ApiServer#close()}: stops accepting at once, lets a running request finish (up to 2 s), then stops. */
@Timeout(60)
class GracefulCloseTest extends SharedStoreApiTest {

    @Test
    void closeLetsARunningRequestFinishAndThenRefusesConnections() throws Exception {
        int port = fx.server.port();
        CountDownLatch held = fx.storeOrders.hold(SHOP);
        // Threads of their own: with one core to spare, the default async pool may be a single
        // thread, which the blocked request would hold while the release waited behind it.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CompletableFuture<RawHttp.Answer> running = CompletableFuture.supplyAsync(() -> {
            try {
                return RawHttp.send(port, "GET /api/stores/" + storeId + "/orders HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + fx.token("ops") + "\r\nConnection: close\r\n\r\n");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        Eventually.until(() -> fx.storeOrders.calls, calls -> !calls.isEmpty(), Duration.ofSeconds(20));
        CompletableFuture.runAsync(() -> {
            sleep(500);
            held.countDown();
        }, threads);
        long started = System.nanoTime();
        fx.server.close();
        long closedMs = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, running.get(10, TimeUnit.SECONDS).status(), "the running request finished");
        assertTrue(closedMs >= 400 && closedMs < 4_000, "close waited for it, not longer than ~2 s: " + closedMs + " ms");
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "no longer accepting");
        threads.shutdown();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
