package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * The pod routes over real HTTP, against the real services, database, Helm and fabric8 on the
 * test Kubernetes API: what a script sees for the pods of a store and the tail of a log, and how
 * each bad request is refused in words.
 */
@Timeout(120)
class PodRoutesTest extends SharedStoreApiTest {

    private String logs(String pod, String query) {
        return "/api/stores/" + storeId + "/pods/" + pod + "/logs" + (query.isEmpty() ? "" : "?" + query);
    }

    @Test
    void aTailOutsideOneToTenThousandIsRefusedNamingTheParameter() throws Exception {
        for (String tail : List.of("0", "10001", "-1", "abc", "01", "1.5", "")) {
            JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "tail=" + tail)));
            assertEquals("tail", error.path("fields").path(0).path("field").asString(), error.toString());
            assertTrue(error.path("message").asString().contains("1 to 10000"), error.toString());
        }
    }

    @Test
    void previousIsTrueOrFalse() throws Exception {
        JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "previous=yes")));
        assertEquals("'previous' is true or false, not 'yes'.", error.path("message").asString());
    }

    @Test
    void anUnknownParameterIsRefusedRatherThanIgnored() throws Exception {
        JsonNode error = expectError(400, "validation", fx.get(logs("any-pod", "follow=true")));
        assertEquals("Unknown query parameter 'follow'; the parameters are: container, previous, tail.",
                error.path("message").asString());
        expectError(400, "validation", fx.get("/api/stores/" + storeId + "/pods?all=1"));
    }

    @Test
    void aPodThatIsNotTheStoresIsNotFoundInWords() throws Exception {
        JsonNode error = expectError(404, "not_found", fx.get(logs("store-elsewhere-web-0", "")));
        assertEquals("Pod 'store-elsewhere-web-0' is not one of the pods of store '" + SHOP + "' (release"
                + " store-shared-shop in namespace store-shared-shop); it may have been replaced. List the store's"
                + " pods again and pick one of those.", error.path("message").asString());
    }

    @Test
    void anUnknownStoreIsNotFound() throws Exception {
        expectError(404, "not_found", fx.get("/api/stores/999999/pods"));
        expectError(404, "not_found", fx.get("/api/stores/999999/pods/p/logs"));
        expectError(400, "validation", fx.get("/api/stores/01/pods"));
    }

    @Test
    void onlyGetIsAllowed() throws Exception {
        JsonNode error = expectError(405, "method_not_allowed", fx.post("/api/stores/" + storeId + "/pods", "{}"));
        assertTrue(error.path("message").asString().contains("GET"), error.toString());
        expect(200, fx.get("/api/stores/" + storeId + "/pods"));
    }
}
