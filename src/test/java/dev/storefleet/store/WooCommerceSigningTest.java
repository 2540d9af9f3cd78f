package dev.storefleet.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The console's OAuth 1.0a signing ({@link OAuth1Signer}, as {@link WooCommerceClient} uses it)
 * against WooCommerce's official JavaScript client, byte for byte, and both against the stand-in's
 * verification, which follows WooCommerce's own PHP: so the signer and the stand-in are each checked
 * against something they were not written from.
 */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class WooCommerceSigningTest {
    private static final AtomicInteger NONCES = new AtomicInteger();
    private static WooCommerceReference library;
    private static TestTls tls;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One request to sign: the home URL WordPress knows, the method, the endpoint under wc/v3, its query. */
    record Case(String name, String home, String method, String endpoint, Map<String, String> params) {
    }

    private static final List<Case> CASES = List.of(
            new Case("products with the client's filters", "http://127.0.0.1:%d", "GET", "products",
                    params("status", "publish", "stock_status", "instock", "per_page", "20")),
            new Case("orders, newest first", "http://127.0.0.1:%d", "GET", "orders",
                    params("per_page", "10", "orderby", "date", "order", "desc")),
            new Case("one order, no query", "http://127.0.0.1:%d", "GET", "orders/42", Map.of()),
            new Case("create an order (POST)", "http://127.0.0.1:%d", "POST", "orders", Map.of()),
            new Case("home URL with a path prefix", "http://127.0.0.1:%d/wordpress/shop", "GET", "products",
                    params("per_page", "5")),
            new Case("public name and a non-default port (request goes elsewhere)", "http://shop.storefleet.test:8080",
                    "GET", "orders", params("per_page", "3")),
            new Case("reserved characters in values", "http://127.0.0.1:%d", "GET", "products",
                    params("search", "blue shirt & co/50% off+€", "per_page", "2")));

    @BeforeAll
    static void install() throws Exception {
        library = new WooCommerceReference();
        tls = TestTls.selfSigned(Path.of("target/woocommerce-signing-test"));
    }

    @Test
    void theConsolesSignaturesAreTheOfficialLibrarysByteForByte() throws Exception {
        try (WooCommerceStandIn store = WooCommerceStandIn.http("")) {
            List<ObjectNode> asks = new ArrayList<>();
            List<String> ours = new ArrayList<>();
            long timestamp = 1_767_225_600L; // fixed: a pure signing comparison
            for (Case c : CASES) {
                String home = c.home().formatted(port(store));
                String nonce = "nonce" + NONCES.incrementAndGet();
                asks.add(signRequest(home, c, "ck_reference", "cs_reference", nonce, timestamp));
                ours.add(javaSigned(home, c, "ck_reference", "cs_reference", nonce, timestamp).get("oauth_signature"));
            }
            List<JsonNode> theirs = library.ask(asks, Map.of());
            for (int i = 0; i < CASES.size(); i++) {
                assertEquals(theirs.get(i).path("signature").asString(), ours.get(i), CASES.get(i).name());
            }
        }
    }

    @Test
    void theStandInAcceptsWhatTheLibraryAndTheConsoleSignAndNothingElse() throws Exception {
        for (Case c : CASES) {
            String homePath = URI.create(c.home().formatted(1)).getRawPath();
            try (WooCommerceStandIn store = WooCommerceStandIn.http(homePath)) {
                String home = c.home().formatted(port(store));
                store.home(URI.create(home));
                String[] key = store.addKey("read_write");
                long now = Instant.now().getEpochSecond();

                // the library's signature, sent exactly as the library builds the URL
                String nonce = "nonce" + NONCES.incrementAndGet();
                JsonNode lib = library.ask(List.of(signRequest(home, c, key[0], key[1], nonce, now)), Map.of()).get(0);
                Map<String, String> oauth = new LinkedHashMap<>();
                lib.path("oauth").properties().forEach(e -> {
                    if (e.getKey().startsWith("oauth_")) {
                        oauth.put(e.getKey(), e.getValue().asString());
                    }
                });
                URI libUrl = URI.create(lib.path("url").asString());
                String pathAndQuery = libUrl.getRawPath() + (libUrl.getRawQuery() == null ? "?" : "?"
                        + libUrl.getRawQuery() + "&") + query(oauth);
                HttpResponse<String> r = send(store, c.method(), pathAndQuery);
                assertEquals(c.endpoint().equals("orders/42") ? 404 : c.method().equals("POST") ? 201 : 200,
                        r.statusCode(), c.name() + ", library-signed: " + r.body());

                // the console's signature
                r = send(store, c.method(), URI.create(home).getRawPath() + "/wp-json/wc/v3/" + c.endpoint() + "?"
                        + query(javaSigned(home, c, key[0], key[1], "nonce" + NONCES.incrementAndGet(), now)));
                assertTrue(r.statusCode() < 300 || r.body().contains("woocommerce_rest_shop_order_invalid_id"),
                        c.name() + ", console-signed: " + r.body());

                // the same signed over the address the request travelled to, not the home URL: refused
                String travelled = store.address() + homePath;
                if (!travelled.equals(home)) {
                    r = send(store, c.method(), homePath + "/wp-json/wc/v3/" + c.endpoint() + "?"
                            + query(javaSigned(travelled, c, key[0], key[1], "nonce" + NONCES.incrementAndGet(), now)));
                    assertRefused(r, "Invalid signature - provided signature does not match.");
                }
            }
        }
    }

    @Test
    void theOfficialLibrarysOwnRequestsOverTheWireAreAccepted() throws Exception {
        try (WooCommerceStandIn store = WooCommerceStandIn.http("/shop")) {
            String[] key = store.addKey("read_write");
            WooCommerceStandIn.Product mug = store.addProduct("Mug", "9.50", 5);
            String home = store.home().toString();
            List<JsonNode> answers = library.ask(List.of(
                    sendRequest(home, key, "GET", "products", params("status", "publish", "stock_status", "instock",
                            "per_page", "20"), null),
                    sendRequest(home, key, "POST", "orders", Map.of(), "{\"status\":\"processing\",\"line_items\":"
                            + "[{\"product_id\":" + mug.id + ",\"quantity\":2}]}"),
                    sendRequest(home, key, "GET", "orders", params("orderby", "date", "order", "desc"), null),
                    sendRequest(home, new String[] {key[0], "cs_wrong"}, "GET", "orders", Map.of(), null)), Map.of());
            assertEquals(200, answers.get(0).path("status").asInt(), answers.get(0).toString());
            assertEquals("Mug", answers.get(0).path("body").path(0).path("name").asString());
            assertEquals(201, answers.get(1).path("status").asInt(), answers.get(1).toString());
            assertEquals("19.00", answers.get(1).path("body").path("total").asString());
            assertEquals(3, store.stockOf(mug.id));
            assertEquals(200, answers.get(2).path("status").asInt(), answers.get(2).toString());
            assertEquals(401, answers.get(3).path("status").asInt(), answers.get(3).toString());
            assertEquals("Invalid signature - provided signature does not match.",
                    answers.get(3).path("body").path("message").asString());
            assertTrue(store.received().stream().allMatch(r -> r.query().contains("oauth_signature=")),
                    "OAuth in the query string over plain HTTP: " + store.received());
        }
    }

    @Test
    void overHttpsTheLibrarySendsBasicAuthAndTheStandInTakesIt() throws Exception {
        try (WooCommerceStandIn store = WooCommerceStandIn.https(tls.server, "")) {
            String[] key = store.addKey("read_write");
            store.addProduct("Cap", "12.00", null);
            String home = store.home().toString();
            ObjectNode viaQuery = sendRequest(home, key, "GET", "products", Map.of(), null);
            viaQuery.put("queryStringAuth", true);
            List<JsonNode> answers = library.ask(List.of(
                    sendRequest(home, key, "GET", "products", Map.of(), null),
                    viaQuery,
                    sendRequest(home, new String[] {key[0], "cs_wrong"}, "GET", "products", Map.of(), null),
                    sendRequest(home, new String[] {"ck_unknown", key[1]}, "GET", "products", Map.of(), null)),
                    Map.of("NODE_EXTRA_CA_CERTS", tls.pem.toAbsolutePath().toString()));
            assertEquals(200, answers.get(0).path("status").asInt(), answers.get(0).toString());
            assertEquals(200, answers.get(1).path("status").asInt(), answers.get(1).toString());
            assertEquals("Consumer secret is invalid.", answers.get(2).path("body").path("message").asString());
            // an unknown key over Basic is no authentication error: the endpoint itself refuses
            assertEquals("woocommerce_rest_cannot_view", answers.get(3).path("body").path("code").asString());
            List<WooCommerceStandIn.Received> seen = store.received();
            assertEquals("Basic", seen.get(0).authorizationScheme());
            assertTrue(seen.get(1).query().contains("consumer_key="), seen.get(1).toString());
        }
    }

    /**
     * WooCommerce reads the parameters as PHP parsed them: a dot or a space in a parameter name becomes
     * an underscore, so what the client signed ({@code a.b}) is not what WooCommerce checks ({@code a_b}).
     * The official library and the console sign alike (RFC 5849), and WooCommerce refuses both. Values
     * with reserved characters, in contrast, sign alike and pass (previous test): the console's client
     * sends only plain parameter names.
     */
    @Test
    void aDotInAParameterNameIsTurnedIntoAnUnderscoreByPhpSoWooCommerceRefusesTheSignature() throws Exception {
        try (WooCommerceStandIn store = WooCommerceStandIn.http("")) {
            String[] key = store.addKey("read_write");
            Case dotted = new Case("dotted name", "http://127.0.0.1:%d", "GET", "products", params("filter.x", "1"));
            String home = dotted.home().formatted(port(store));
            long now = Instant.now().getEpochSecond();
            String nonce = "nonce" + NONCES.incrementAndGet();
            Map<String, String> ours = javaSigned(home, dotted, key[0], key[1], nonce, now);
            JsonNode lib = library.ask(List.of(signRequest(home, dotted, key[0], key[1], nonce, now)), Map.of()).get(0);
            assertEquals(lib.path("signature").asString(), ours.get("oauth_signature"));

            HttpResponse<String> r = send(store, "GET", "/wp-json/wc/v3/products?" + query(ours));
            assertRefused(r, "Invalid signature - provided signature does not match.");

            Map<String, Object> asPhpSeesIt = PhpQuery.parse(query(ours));
            asPhpSeesIt.remove("oauth_signature");
            assertTrue(asPhpSeesIt.containsKey("filter_x"), asPhpSeesIt.toString());
            String signed = WooCommerceAuthentication.stringToSign(asPhpSeesIt, "GET", "/wp-json/wc/v3/products",
                    false, URI.create(home));
            assertTrue(signed.contains("filter_x%3D1"), signed);
        }
    }

    @Test
    void hmacSha1IsAcceptedAndReplayAndStaleAndUnknownKeysAreRefusedInWooCommercesWords() throws Exception {
        Instant now = Instant.now();
        try (WooCommerceStandIn store = new WooCommerceStandIn(null, "", Clock.fixed(now, ZoneOffset.UTC))) {
            store.addProduct("Pen", "1.00", null);
            String[] key = store.addKey("read_write");
            URI url = URI.create(store.home() + "/wp-json/wc/v3/products");
            long ts = now.getEpochSecond();

            Map<String, String> sha1 = OAuth1Signer.sign("GET", url, Map.of(), key[0], key[1], OAuth1Signer.HMAC_SHA1,
                    "n-sha1", ts);
            assertEquals(200, send(store, "GET", "/wp-json/wc/v3/products?" + query(sha1)).statusCode());
            // the same request again: the nonce was used
            assertRefused(send(store, "GET", "/wp-json/wc/v3/products?" + query(sha1)),
                    "Invalid nonce - nonce has already been used.");
            // 16 minutes old
            assertRefused(send(store, "GET", "/wp-json/wc/v3/products?" + query(OAuth1Signer.sign("GET", url, Map.of(),
                    key[0], key[1], OAuth1Signer.HMAC_SHA256, "n-old", ts - 16 * 60))), "Invalid timestamp.");
            assertRefused(send(store, "GET", "/wp-json/wc/v3/products?" + query(OAuth1Signer.sign("GET", url, Map.of(),
                    "ck_nobody", key[1], OAuth1Signer.HMAC_SHA256, "n-unknown", ts))), "Consumer key is invalid.");
            Map<String, String> unsigned = new LinkedHashMap<>(OAuth1Signer.sign("GET", url, Map.of(), key[0], key[1],
                    OAuth1Signer.HMAC_SHA256, "n-missing", ts));
            unsigned.remove("oauth_signature");
            assertRefused(send(store, "GET", "/wp-json/wc/v3/products?" + query(unsigned)),
                    "Missing OAuth parameter oauth_signature");
            // no OAuth at all is no authentication error: the endpoint refuses
            HttpResponse<String> anonymous = send(store, "GET", "/wp-json/wc/v3/products");
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.body().contains("woocommerce_rest_cannot_view"), anonymous.body());
            // parameters are validated before permissions, as WordPress does
            HttpResponse<String> invalid = send(store, "GET", "/wp-json/wc/v3/products?per_page=500");
            assertEquals(400, invalid.statusCode());
            assertTrue(invalid.body().contains("rest_invalid_param"), invalid.body());
            // a read-only key cannot create orders
            String[] readOnly = store.addKey("read");
            URI orders = URI.create(store.home() + "/wp-json/wc/v3/orders");
            assertRefused(send(store, "POST", "/wp-json/wc/v3/orders?" + query(OAuth1Signer.sign("POST", orders,
                    Map.of(), readOnly[0], readOnly[1], OAuth1Signer.HMAC_SHA256, "n-ro", ts))),
                    "The API key provided does not have write permissions.");
            assertNotEquals(0, store.received().size());
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static int port(WooCommerceStandIn store) {
        return URI.create(store.address()).getPort();
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static ObjectNode signRequest(String home, Case c, String key, String secret, String nonce, long ts) {
        ObjectNode r = StoreHttp.JSON.createObjectNode();
        r.put("storeUrl", home);
        r.put("method", c.method());
        r.put("endpoint", c.endpoint());
        ObjectNode p = r.putObject("params");
        c.params().forEach(p::put);
        r.put("key", key);
        r.put("secret", secret);
        r.put("nonce", nonce);
        r.put("timestamp", ts);
        return r;
    }

    private static ObjectNode sendRequest(String home, String[] key, String method, String endpoint,
            Map<String, String> params, String json) {
        ObjectNode r = signRequest(home, new Case("", home, method, endpoint, params), key[0], key[1], "", 0);
        r.put("send", true);
        if (json != null) {
            r.set("data", StoreHttp.JSON.readTree(json));
        }
        return r;
    }

    /** What {@link WooCommerceClient} sends: query plus oauth_* parameters signed over the home URL. */
    private static Map<String, String> javaSigned(String home, Case c, String key, String secret, String nonce, long ts) {
        return OAuth1Signer.sign(c.method(), URI.create(home + "/wp-json/wc/v3/" + c.endpoint()), c.params(), key,
                secret, OAuth1Signer.HMAC_SHA256, nonce, ts);
    }

    private static String query(Map<String, String> params) {
        return params.entrySet().stream().map(e -> OAuth1Signer.encode(e.getKey()) + "=" + OAuth1Signer.encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> send(WooCommerceStandIn store, String method, String pathAndQuery)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(store.address() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpResponse<String> r, String message) {
        assertEquals(401, r.statusCode(), r.body());
        JsonNode body = StoreHttp.JSON.readTree(r.body());
        assertEquals(message, body.path("message").asString(), r.body());
        assertEquals(401, body.path("data").path("status").asInt(), r.body());
    }
}
