package dev.storefleet.store;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * WooCommerce REST API v3 ({@code /wp-json/wc/v3}): creates an order paid by cash on delivery
 * (status processing, as WooCommerce's own cash-on-delivery checkout leaves it) and lists and reads
 * orders. As WooCommerce requires, the consumer key and secret go as HTTP basic
 * auth over HTTPS, and as OAuth 1.0a one-legged HMAC-SHA256 signatures over plain HTTP. The
 * signature covers the store's home URL (what WooCommerce rebuilds), also when the request
 * travels through a port-forward.
 *
 * <p>Parameter names sent here are plain lower-case words and underscores (WordPress's
 * {@code _fields}): WooCommerce checks signatures over the parameters as PHP parsed them, which
 * turns a dot or a space in a name into an underscore (and brackets into arrays), so such names
 * would be refused over HTTP. Values may hold any character (see docs/orders.md).
 */
final class WooCommerceClient {
    static final String API = "/wp-json/wc/v3";

    private final StoreHttp http;
    private final URI base;
    private final URI home;
    private final StoreCredentials credentials;
    private final String storeName;
    private final Clock clock;

    /**
     * @param base where requests go (the public URL, or a port-forward)
     * @param home the store's home URL as WordPress knows it (what OAuth signatures cover)
     */
    WooCommerceClient(StoreHttp http, URI base, URI home, StoreCredentials credentials, String storeName, Clock clock) {
        this.http = http;
        this.base = base;
        this.home = home;
        this.credentials = credentials;
        this.storeName = storeName;
        this.clock = clock;
    }

    Order placeTestOrder(int quantity) {
        // The lowest ids first, so every test order takes the same product: the default order (by
        // date) leaves products created in the same second, as the chart's samples are, in any order.
        JsonNode products = call("looking for a product in stock", "GET", "/products",
                params("status", "publish", "stock_status", "instock", "per_page", "20", "orderby", "id",
                        "order", "asc"), null, Step.BAD_RESPONSE);
        JsonNode product = null;
        for (JsonNode p : byIdAscending(products)) {
            boolean purchasable = p.path("purchasable").asBoolean(true);
            boolean priced = !p.path("price").asString("").isEmpty();
            boolean simple = "simple".equals(p.path("type").asString("simple"));
            boolean managed = p.path("manage_stock").asBoolean(false);
            boolean enough = !managed || p.path("backorders_allowed").asBoolean(false)
                    || p.path("stock_quantity").asInt(0) >= quantity;
            if (purchasable && priced && simple && enough
                    && "instock".equals(p.path("stock_status").asString("instock"))) {
                product = p;
                break;
            }
        }
        if (product == null) {
            throw new StoreApiException(Step.NO_PRODUCT, where("looking for a product in stock") + ": "
                    + (products.size() == 0 ? "no published product is in stock."
                            : "none of the " + products.size() + " products in stock is a simple product with a price"
                            + (quantity == 1 ? "." : " and " + quantity + " pieces in stock.")));
        }
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("first_name", "Storefleet");
        address.put("last_name", "Test order");
        address.put("address_1", "1 Test street");
        address.put("city", "Testville");
        address.put("postcode", "10001");
        address.put("country", "US");
        Map<String, Object> billing = new LinkedHashMap<>(address);
        billing.put("email", "test-order@storefleet.invalid");
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("payment_method", "cod");
        order.put("payment_method_title", "Cash on delivery");
        order.put("set_paid", false);
        // What WooCommerce's cash-on-delivery checkout does: "processing", which takes the stock (a
        // REST order left "pending" holds none, so a test order would not show in the stock at all).
        order.put("status", "processing");
        order.put("billing", billing);
        order.put("shipping", address);
        order.put("line_items", List.of(Map.of("product_id", product.path("id").asLong(), "quantity", quantity)));
        order.put("customer_note", "Test order placed by the Storefleet console");
        JsonNode created = call("creating an order (cash on delivery)", "POST", "/orders", Map.of(), order,
                Step.CHECKOUT_REFUSED);
        return StoreReplies.requireId(order(created), where("creating an order"));
    }

    /** The listed products by id, lowest first, whatever order they came in. */
    private static List<JsonNode> byIdAscending(JsonNode products) {
        List<JsonNode> sorted = new ArrayList<>();
        products.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparingLong(p -> p.path("id").asLong(Long.MAX_VALUE)));
        return sorted;
    }

    List<Order> listOrders(int limit) {
        JsonNode orders = call("listing orders", "GET", "/orders",
                params("per_page", Integer.toString(limit), "orderby", "date", "order", "desc"), null, Step.BAD_RESPONSE);
        List<Order> result = new ArrayList<>();
        orders.forEach(o -> result.add(order(o)));
        // WordPress sorts by the creation second only: orders of the same second come in any order.
        result.sort(NEWEST_FIRST);
        return result;
    }

    /** By creation time, then by id (WooCommerce ids grow), newest first; orders without a date last. */
    static final java.util.Comparator<Order> NEWEST_FIRST = java.util.Comparator
            .comparing(Order::createdAt, java.util.Comparator.nullsFirst(java.util.Comparator.<java.time.Instant>naturalOrder()))
            .thenComparing(o -> o.id().matches("[0-9]{1,18}") ? Long.parseLong(o.id()) : -1L)
            .reversed();

    Order getOrder(String orderId) {
        if (!orderId.matches("[0-9]{1,19}")) {
            throw new StoreApiException(Step.NOT_FOUND, where("reading order " + orderId)
                    + ": WooCommerce order ids are numbers.");
        }
        return StoreReplies.requireId(order(call("reading order " + orderId, "GET", "/orders/" + orderId, Map.of(),
                null, Step.NOT_FOUND)), where("reading order " + orderId));
    }

    /**
     * Null if the store's REST API answers at {@code base} as this store's, else why not in a few
     * words. Not {@code /wp-json/}: on a real WordPress 6.8 + WooCommerce 10 store that index is
     * 1.5 MB and takes up to 0.6 s to build. This is WooCommerce's documented product listing cut to
     * one product and, through WordPress's global {@code _fields} parameter, to its id: a few bytes.
     * It is signed with this store's key, so a 200 comes from this store only; a refusal of the key
     * in WooCommerce's words ({@code woocommerce_rest_…}, 401/403) is this store's API too, and the
     * call that follows says so. Anything else (another site, a proxy's page, a 5xx) is not.
     */
    String whyNotAnswering() {
        Request request = request("GET", PROBE_PATH, PROBE_QUERY);
        StoreHttp.Probe probe = http.probe(request.uri(), request.headers());
        if (probe.failure() != null) {
            return probe.failure();
        }
        if (probe.ok()) {
            return probe.json().isArray() ? null : "HTTP " + probe.status() + ", but not WooCommerce's answer";
        }
        String code = probe.json().path("code").asString("");
        if ((probe.status() == 401 || probe.status() == 403) && code.startsWith("woocommerce_rest_")) {
            return null;
        }
        return "HTTP " + probe.status();
    }

    static final String PROBE_PATH = "/products";
    static final Map<String, String> PROBE_QUERY = params("per_page", "1", "_fields", "id");

    private record Request(URI uri, Map<String, String> headers) {
    }

    /** The request to {@code API + path}: Basic auth over HTTPS, an OAuth 1.0a signed query over HTTP. */
    private Request request(String method, String path, Map<String, String> query) {
        String key = credentials.require("consumerKey");
        String secret = credentials.require("consumerSecret");
        String apiPath = pathOf(home) + API + path;
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> sentQuery = query;
        if ("https".equalsIgnoreCase(base.getScheme())) {
            headers.put("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        } else {
            URI signed = URI.create("http://" + home.getRawAuthority() + apiPath);
            sentQuery = OAuth1Signer.sign(method, signed, query, key, secret, OAuth1Signer.HMAC_SHA256,
                    OAuth1Signer.newNonce(), clock.instant().getEpochSecond());
        }
        String queryString = sentQuery.entrySet().stream()
                .map(e -> OAuth1Signer.encode(e.getKey()) + "=" + OAuth1Signer.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return new Request(URI.create(StoreHttp.origin(base) + apiPath + (queryString.isEmpty() ? "" : "?" + queryString)),
                headers);
    }

    private JsonNode call(String what, String method, String path, Map<String, String> query, Object body,
            Step on4xx) {
        Request request = request(method, path, query);
        StoreHttp.Response r = "POST".equals(method)
                ? http.sendCreatingOrder(where(what), method, request.uri(), request.headers(), body)
                : http.send(where(what), method, request.uri(), request.headers(), body);
        if (!r.ok()) {
            throw StoreReplies.failure(r, where(what), on4xx);
        }
        return r.json();
    }

    private static Map<String, String> params(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static String pathOf(URI uri) {
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private String where(String what) {
        return "WooCommerce store '" + storeName + "', " + what;
    }

    static Order order(JsonNode o) {
        String id = o.path("id").asString("");
        String number = o.path("number").asString(id);
        String created = o.path("date_created_gmt").asString(null);
        return new Order(id, "#" + number, o.path("status").asString(""), o.path("total").asString(""),
                o.path("currency").asString(""), created == null ? StoreReplies.instant(o.path("date_created")
                        .asString(null)) : StoreReplies.instant(created));
    }
}
