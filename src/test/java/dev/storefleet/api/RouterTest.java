package dev.storefleet.api;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing on the path as sent: split at its '/' first, each segment decoded after. */
class RouterTest {
    private final Router.Handler retry = request -> ApiResponse.ok("retry");
    private final Router.Handler get = request -> ApiResponse.ok("get");
    private final Router.Handler delete = request -> ApiResponse.ok("delete");
    private final Router.Handler order = request -> ApiResponse.ok("order");
    private final Router router = new Router()
            .add("GET", "/api/stores/{id}", Role.VIEWER, "Reading a store", get)
            .add("DELETE", "/api/stores/{id}", Role.ADMIN, "Deleting a store", delete)
            .add("POST", "/api/stores/{id}/retry", Role.OPERATOR, "Retrying a store", retry)
            .add("GET", "/api/stores/{id}/orders/{orderId}", Role.VIEWER, "Reading an order", order);

    @Test
    void aPathRoutesByItsSegments() {
        Router.Match match = router.find("POST", "/api/stores/1/retry");
        assertSame(retry, match.handler());
        assertEquals(Map.of("id", "1"), match.params());
        assertEquals(new Router.Access(Role.OPERATOR, "Retrying a store"), match.access(), "the role is the route's");
        assertEquals(Role.ADMIN, router.find("DELETE", "/api/stores/1").access().needs());
        assertSame(get, router.find("GET", "/api/stores/1/").handler(), "a trailing '/' is no segment");
        Router.Match orderMatch = router.find("GET", "/api/stores/7/orders/order_01");
        assertEquals(Map.of("id", "7", "orderId", "order_01"), orderMatch.params());
    }

    @Test
    void anEscapedSlashIsNeverASeparator() {
        for (String path : new String[] {"/api/stores/1%2Fretry", "/api/stores/1%2fretry", "/api%2Fstores/1/retry"}) {
            ApiException refused = assertThrows(ApiException.class, () -> router.find("POST", path), path);
            assertEquals(400, refused.status(), path + ": " + refused.getMessage());
            assertTrue(refused.getMessage().contains("%2F"), refused.getMessage());
        }
    }

    @Test
    void eachSegmentIsDecodedAfterTheSplit() {
        assertEquals(Map.of("id", "a b"), router.find("GET", "/api/stores/a%20b").params());
        assertEquals(Map.of("id", "7", "orderId", "#1001 é"),
                router.find("GET", "/api/stores/7/orders/%231001%20%C3%A9").params());
        assertSame(get, router.find("GET", "/%61pi/stores/1").handler(), "a literal segment matches decoded");
    }

    @Test
    void escapesThatDoNotDecodeAreABadRequest() {
        for (String path : new String[] {"/api/stores/%ZZ", "/api/stores/%", "/api/stores/%4", "/api/stores/%FF",
                "/api/stores/%C0%AF", "/api/stores/%ED%A0%80"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> router.find("GET", path), path).status(), path);
        }
    }

    @Test
    void unknownPathsAndOtherMethodsAreTold() {
        assertEquals(404, assertThrows(ApiException.class, () -> router.find("GET", "/api/nothing")).status());
        assertEquals(404, assertThrows(ApiException.class, () -> router.find("GET", "/api/stores//1")).status(),
                "an empty segment captures nothing");
        ApiException put = assertThrows(ApiException.class, () -> router.find("PUT", "/api/stores/1"));
        assertEquals(405, put.status());
        assertEquals("DELETE, GET", put.headers().get("Allow"));
    }
}
