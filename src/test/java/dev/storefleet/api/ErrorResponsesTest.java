package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.StoreApiException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

/** 5xx answers say what happened and what to do in words; the Java classes and low-level texts stay in the log. */
class ErrorResponsesTest {
    private static final JsonBodies JSON = new JsonBodies();

    private static String body(ApiResponse response) {
        return new String(JSON.write(response.body()), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void assertNoJavaName(String body) {
        assertFalse(RawHttp.JAVA_NAME.matcher(body).find(), "names a Java class: " + body);
    }

    @Test
    void aDatabaseFailureAnswersInWordsWithoutTheDatabasesOwnText() {
        // What Transactions builds when H2's file channel was closed under it: the root cause's class name.
        ApiResponse response = ErrorResponses.of(new StorageException("The local database failed while saving a store:"
                + " ClosedChannelException. Nothing was saved. If this persists, restart the console and check the log.",
                new ClosedChannelException()), "POST", "/api/stores");
        String body = body(response);
        assertEquals(500, response.status());
        assertNoJavaName(body);
        assertTrue(body.contains("\"error\":\"storage\""), body);
        assertTrue(body.contains("Nothing was saved") && body.contains("incident "), body);
    }

    @Test
    void aStoreOrClusterFailureKeepsItsWordsButNotTheClassOfItsCause() {
        ApiResponse store = ErrorResponses.of(new StoreApiException(StoreApiException.Step.UNREACHABLE,
                "Placing the order: the connection to https://shop.example failed (java.net.SocketException:"
                        + " Connection reset)."), "POST", "/api/orders");
        String body = body(store);
        assertEquals(502, store.status());
        assertNoJavaName(body);
        assertTrue(body.contains("https://shop.example failed (Connection reset)"), body);

        ApiResponse cluster = ErrorResponses.of(new ClusterException("ClosedChannelException"), "GET", "/api/stores/1");
        assertNoJavaName(body(cluster));
        assertTrue(body(cluster).contains("details are in the server log"), body(cluster));
    }

    @Test
    void anUnexpectedFailureIsAGenericInternalError() {
        ApiResponse response = ErrorResponses.of(new UncheckedIOException(new ClosedChannelException()), "GET",
                "/api/stores");
        String body = body(response);
        assertEquals(500, response.status());
        assertNoJavaName(body);
        assertTrue(body.contains("\"error\":\"internal\"") && body.contains("Try again"), body);
    }
}
