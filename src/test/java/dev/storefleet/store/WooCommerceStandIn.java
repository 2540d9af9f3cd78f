package dev.storefleet.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.storefleet.store.WooCommerceAuthentication.ApiKey;
import dev.storefleet.store.WooCommerceAuthentication.RestError;
import dev.storefleet.testcluster.Faults;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stand-in for a WooCommerce store's REST API v3 on loopback (the plugin cannot be had here):
 * {@code /wp-json/} (the site index, as large as a real store's), {@code GET /wp-json/wc/v3/products},
 * {@code GET|POST /wp-json/wc/v3/orders}, {@code GET /wp-json/wc/v3/orders/{id}}, under the home
 * URL's path. Authentication is {@link WooCommerceAuthentication} (WooCommerce's own rules); JSON
 * shapes, parameter validation and error codes follow WooCommerce's REST API documentation and its
 * controllers ({@code WC_REST_Orders_V2_Controller}, {@code WC_REST_Orders_Controller}):
 *
 * <ul>
 * <li>WordPress validates parameters before it checks permissions ({@code rest_invalid_param} 400
 * even for a request without credentials), and an unauthenticated request gets the endpoint's own
 * 401 ({@code woocommerce_rest_cannot_view} …).</li>
 * <li>Creating an order does <b>not</b> check stock, as WooCommerce's REST API does not (its
 * maintainers: the orders endpoint is for back-office use, "check the product first"). Managed stock
 * goes down when the order is created as processing, on-hold or completed or with
 * {@code set_paid} ({@code wc_maybe_reduce_stock_levels} on those status hooks), and may go below
 * zero; a {@code pending} order holds no stock.</li>
 * <li>{@code orderby=date} orders by the creation second only, as WordPress's query does: orders
 * created in the same second come back in no particular order; here, the worst case, oldest first.
 * Products of the same second (the chart's samples are made in one) come in a different order on
 * every listing; {@code orderby=id} is stable.</li>
 * <li>WordPress's global {@code _fields} parameter cuts a 2xx answer to the named top-level fields.</li>
 * </ul>
 *
 * Fault switches: {@link #faults()} (a status, a dropped connection or a delay on a chosen step),
 * applied before anything else, as a proxy or a crashing PHP worker would.
 */
public final class WooCommerceStandIn implements AutoCloseable {
    static final String API = "/wp-json/wc/v3";
    private static final DateTimeFormatter WC_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final List<String> ORDER_STATUSES = List.of("pending", "processing", "on-hold", "completed",
            "cancelled", "refunded", "failed", "checkout-draft");
    private static final Pattern ORDER_PATH = Pattern.compile("/orders/([0-9]+)");

    /**
     * One request and its answer's status and size: what the tests look at (never the credentials
     * themselves). Logged as it arrives; {@code status} and {@code responseBytes} stay 0 when an
     * injected fault answered or dropped it.
     */
    record Received(String method, String path, String query, String authorizationScheme, int status,
            long responseBytes) {
    }

    /** A simple product, with WooCommerce's stock fields. */
    public static final class Product {
        final long id;
        final String name;
        /** {@code post_date}: WordPress keeps seconds only. */
        final Instant created;
        volatile String status = "publish";
        volatile String type = "simple";
        volatile String price;
        volatile boolean manageStock;
        volatile Integer stockQuantity;
        volatile String backorders = "no";
        volatile String unmanagedStockStatus = "instock";

        Product(long id, String name, String price, Instant created) {
            this.id = id;
            this.name = name;
            this.price = price;
            this.created = created.truncatedTo(ChronoUnit.SECONDS);
        }

        /** As WooCommerce derives it on save from the quantity and the backorder setting. */
        String stockStatus() {
            if (!manageStock) {
                return unmanagedStockStatus;
            }
            if (stockQuantity != null && stockQuantity > 0) {
                return "instock";
            }
            return "no".equals(backorders) ? "outofstock" : "onbackorder";
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "woocommerce-stand-in");
        t.setDaemon(true);
        return t;
    });
    private final boolean ssl;
    private final Clock clock;
    private final WooCommerceAuthentication auth;
    private final Faults faults = new Faults();
    private final AtomicLong postIds = new AtomicLong(10);
    private final AtomicLong keyIds = new AtomicLong(1);
    private final Map<Long, Product> products = new LinkedHashMap<>();
    private final Map<Long, ObjectNode> orders = new LinkedHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Turns products of the same second around on every listing by date (see {@link #listProducts}). */
    private final AtomicLong productListings = new AtomicLong();
    private volatile URI home;

    /** Plain HTTP: OAuth 1.0a only. */
    public static WooCommerceStandIn http(String homePath) {
        return new WooCommerceStandIn(null, homePath, Clock.systemUTC());
    }

    /** HTTPS with this server certificate: Basic auth (and OAuth, as WooCommerce also takes it there). */
    static WooCommerceStandIn https(SSLContext serverTls, String homePath) {
        return new WooCommerceStandIn(serverTls, homePath, Clock.systemUTC());
    }

    WooCommerceStandIn(SSLContext serverTls, String homePath, Clock clock) {
        this.ssl = serverTls != null;
        this.clock = clock;
        this.auth = new WooCommerceAuthentication(clock);
        try {
            InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (ssl) {
                HttpsServer https = HttpsServer.create(loopback, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
                server = https;
            } else {
                server = HttpServer.create(loopback, 50);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("starting the WooCommerce stand-in", e);
        }
        FaultyHandler faulty = new FaultyHandler(faults, WooCommerceStandIn::injectedError, this::handle);
        server.createContext("/", ex -> { // every request is logged, also those a fault answers
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            ex.setAttribute(RECEIVED_INDEX, log(new Received(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(),
                    authorization == null ? "" : authorization.split(" ", 2)[0], 0, 0)));
            faulty.handle(ex);
        });
        server.setExecutor(threads);
        server.start();
        home = URI.create(address() + homePath.replaceAll("/+$", ""));
    }

    /** {@code http(s)://127.0.0.1:<port>}: where requests go. */
    String address() {
        return (ssl ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The store's home URL as WordPress knows it (what OAuth signatures cover); by default {@link #address()} + path. */
    public URI home() {
        return home;
    }

    /** Makes WordPress believe its home URL is {@code url}, e.g. a public name while requests come through a tunnel. */
    void home(URI url) {
        this.home = url;
    }

    /** The fault switches of this stand-in (public for the test cluster's stand-in stores). */
    public Faults faults() {
        return faults;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private static final String RECEIVED_INDEX = "storefleet.received-index";

    private synchronized int log(Received r) {
        received.add(r);
        return received.size() - 1;
    }

    /** Before the answer goes out, so a test that got the answer finds it logged. */
    private synchronized void answered(HttpExchange ex, int status, long bytes) {
        int i = (Integer) ex.getAttribute(RECEIVED_INDEX);
        Received r = received.get(i);
        received.set(i, new Received(r.method(), r.path(), r.query(), r.authorizationScheme(), status, bytes));
    }

    /** A read_write REST key, as the chart's setup Job creates one: {@code [consumerKey, consumerSecret]}. */
    public String[] addKey(String permissions) {
        String key = "ck_" + randomHex();
        String secret = "cs_" + randomHex();
        auth.addKey(new ApiKey(keyIds.getAndIncrement(), key, secret, permissions));
        return new String[] {key, secret};
    }

    /** A published simple product; {@code stock} null for unmanaged stock (always in stock). */
    public synchronized Product addProduct(String name, String price, Integer stock) {
        Product p = new Product(postIds.getAndIncrement(), name, price, clock.instant());
        p.manageStock = stock != null;
        p.stockQuantity = stock;
        products.put(p.id, p);
        return p;
    }

    synchronized void setStock(long productId, int quantity) {
        Product p = products.get(productId);
        p.manageStock = true;
        p.stockQuantity = quantity;
    }

    synchronized Integer stockOf(long productId) {
        return products.get(productId).stockQuantity;
    }

    synchronized int orderCount() {
        return orders.size();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String rawQuery = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            byte[] body = ex.getRequestBody().readAllBytes();
            Answer answer;
            try {
                answer = route(ex, method, rawPath, rawQuery, authorization, new String(body, StandardCharsets.UTF_8));
            } catch (RuntimeException e) { // what PHP would log as a fatal error
                answer = error(500, "internal_server_error", "There has been a critical error on this website.");
            }
            answer = onlyRequestedFields(answer, PhpQuery.parse(rawQuery).get("_fields"));
            byte[] out = answer.json().toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
            answer.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            answered(ex, answer.status(), out.length);
            ex.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        }
    }

    private record Answer(int status, JsonNode json, Map<String, String> headers) {
        Answer(int status, JsonNode json) {
            this(status, json, Map.of());
        }
    }

    private Answer route(HttpExchange ex, String method, String rawPath, String rawQuery, String authorization,
            String body) {
        String homePath = home.getRawPath() == null ? "" : home.getRawPath().replaceAll("/+$", "");
        if (!rawPath.startsWith(homePath + "/wp-json")) {
            return error(404, "rest_no_route", "No route was found matching the URL and request method.");
        }
        String route = rawPath.substring(homePath.length() + "/wp-json".length());
        if (route.isEmpty() || route.equals("/")) {
            return new Answer(200, index());
        }
        // WP_REST_Server::check_authentication (rest_authentication_errors), then rest_pre_dispatch
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        boolean form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded");
        WooCommerceAuthentication.Result who = auth.authenticate(new WooCommerceAuthentication.Request(method, rawPath,
                rawQuery, form ? body : "", authorization), ssl, home);
        if (who.error() != null) {
            return error(who.error());
        }
        if (who.key() != null) {
            RestError denied = WooCommerceAuthentication.checkPermissions(who.key(), method);
            if (denied != null) {
                return error(denied);
            }
        }
        boolean authenticated = who.key() != null;
        Map<String, Object> query = PhpQuery.parse(rawQuery);
        if (route.equals("/wc/v3/products") && method.equals("GET")) {
            return listProducts(query, authenticated);
        }
        if (route.equals("/wc/v3/orders") && method.equals("GET")) {
            return listOrders(query, authenticated);
        }
        if (route.equals("/wc/v3/orders") && method.equals("POST")) {
            return createOrder(body, authenticated);
        }
        Matcher one = ORDER_PATH.matcher(route.substring("/wc/v3".length()));
        if (route.startsWith("/wc/v3/orders/") && one.matches() && method.equals("GET")) {
            return getOrder(Long.parseLong(one.group(1)), authenticated);
        }
        return error(404, "rest_no_route", "No route was found matching the URL and request method.");
    }

    // ---- products -----------------------------------------------------------------------------

    /** WooCommerce's {@code orderby} values for products (WC_REST_Products_Controller::get_collection_params). */
    private static final List<String> PRODUCT_ORDERBY = List.of("date", "modified", "id", "include", "title", "slug",
            "price", "popularity", "rating");

    /**
     * {@code orderby=date} (the default) orders by {@code post_date}, seconds only, as WordPress's
     * query does: products of the same second come back in no particular order, which on a real
     * store differs between calls; here, the worst case, turned around by one on every listing.
     */
    private Answer listProducts(Map<String, Object> query, boolean authenticated) {
        Map<String, String> invalid = new LinkedHashMap<>();
        int perPage = intParam(query, "per_page", 10, 1, 100, invalid);
        int page = intParam(query, "page", 1, 1, Integer.MAX_VALUE, invalid);
        String status = enumParam(query, "status", "any", List.of("any", "future", "trash", "draft", "pending",
                "private", "publish"), invalid);
        String stockStatus = enumParam(query, "stock_status", null, List.of("instock", "outofstock", "onbackorder"),
                invalid);
        String order = enumParam(query, "order", "desc", List.of("asc", "desc"), invalid);
        String orderby = enumParam(query, "orderby", "date", PRODUCT_ORDERBY, invalid);
        if (!invalid.isEmpty()) {
            return invalidParams(invalid);
        }
        if (!authenticated) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        if (!List.of("date", "id").contains(orderby)) {
            throw new UnsupportedOperationException("the stand-in orders products by date or id only, not " + orderby);
        }
        List<ObjectNode> page1;
        synchronized (this) {
            List<Product> matching = new ArrayList<>(products.values().stream()
                    .filter(p -> "any".equals(status) ? !"trash".equals(p.status) : p.status.equals(status))
                    .filter(p -> stockStatus == null || p.stockStatus().equals(stockStatus))
                    .toList());
            if ("id".equals(orderby)) {
                Comparator<Product> byId = Comparator.comparingLong(p -> p.id);
                matching.sort("desc".equals(order) ? byId.reversed() : byId);
            } else {
                Collections.rotate(matching, (int) (productListings.getAndIncrement() % Math.max(1, matching.size())));
                Comparator<Product> bySecond = Comparator.comparing(p -> p.created);
                matching.sort("desc".equals(order) ? bySecond.reversed() : bySecond); // stable: ties stay turned
            }
            page1 = matching.stream().skip((long) (page - 1) * perPage).limit(perPage).map(this::productJson).toList();
            return list(page1, matching.size(), perPage);
        }
    }

    private ObjectNode productJson(Product p) {
        ObjectNode o = StoreHttp.JSON.createObjectNode();
        o.put("id", p.id);
        o.put("name", p.name);
        o.put("slug", p.name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
        o.put("permalink", home + "/product/" + o.path("slug").asString() + "/");
        o.put("date_created", WC_DATE.format(p.created));
        o.put("date_created_gmt", WC_DATE.format(p.created));
        o.put("type", p.type);
        o.put("status", p.status);
        o.put("featured", false);
        o.put("catalog_visibility", "visible");
        o.put("sku", "");
        o.put("price", p.price == null ? "" : p.price);
        o.put("regular_price", p.price == null ? "" : p.price);
        o.put("sale_price", "");
        o.put("on_sale", false);
        o.put("purchasable", "publish".equals(p.status) && p.price != null && !p.price.isEmpty());
        o.put("virtual", false);
        o.put("downloadable", false);
        o.put("tax_status", "taxable");
        o.put("manage_stock", p.manageStock);
        if (p.manageStock) {
            o.put("stock_quantity", p.stockQuantity);
        } else {
            o.putNull("stock_quantity");
        }
        o.put("backorders", p.backorders);
        o.put("backorders_allowed", !"no".equals(p.backorders));
        o.put("backordered", false);
        o.put("sold_individually", false);
        o.put("stock_status", p.stockStatus());
        o.putArray("categories");
        o.putArray("images");
        return o;
    }

    // ---- orders -------------------------------------------------------------------------------

    private Answer listOrders(Map<String, Object> query, boolean authenticated) {
        Map<String, String> invalid = new LinkedHashMap<>();
        int perPage = intParam(query, "per_page", 10, 1, 100, invalid);
        int page = intParam(query, "page", 1, 1, Integer.MAX_VALUE, invalid);
        String order = enumParam(query, "order", "desc", List.of("asc", "desc"), invalid);
        String orderby = enumParam(query, "orderby", "date", List.of("date", "id", "include", "title", "slug",
                "modified"), invalid);
        if (!invalid.isEmpty()) {
            return invalidParams(invalid);
        }
        if (!authenticated) {
            return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.");
        }
        synchronized (this) {
            Comparator<ObjectNode> byId = Comparator.comparingLong(o -> o.path("id").asLong());
            Comparator<ObjectNode> sort = switch (orderby) {
                case "id" -> "desc".equals(order) ? byId.reversed() : byId;
                default -> { // the creation second only; ties in no particular order (here: oldest first)
                    Comparator<ObjectNode> bySecond = Comparator.comparing(o -> o.path("date_created_gmt").asString());
                    yield ("desc".equals(order) ? bySecond.reversed() : bySecond).thenComparing(byId);
                }
            };
            List<ObjectNode> all = orders.values().stream().sorted(sort).toList();
            return list(all.stream().skip((long) (page - 1) * perPage).limit(perPage).toList(), all.size(), perPage);
        }
    }

    private Answer getOrder(long id, boolean authenticated) {
        synchronized (this) {
            ObjectNode o = orders.get(id);
            if (!authenticated) {
                return error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.");
            }
            if (o == null) {
                return error(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
            }
            return new Answer(200, o);
        }
    }

    private Answer createOrder(String body, boolean authenticated) {
        JsonNode req;
        try {
            req = body.isBlank() ? StoreHttp.JSON.createObjectNode() : StoreHttp.JSON.readTree(body);
        } catch (JacksonException e) {
            return error(400, "rest_invalid_json", "Invalid JSON body passed.");
        }
        Map<String, String> invalid = new LinkedHashMap<>();
        String status = req.path("status").asString("pending");
        if (!ORDER_STATUSES.contains(status) && !"auto-draft".equals(status)) {
            invalid.put("status", "status is not one of auto-draft, " + String.join(", ", ORDER_STATUSES) + ".");
        }
        if (!req.path("line_items").isMissingNode() && !req.path("line_items").isArray()) {
            invalid.put("line_items", "line_items is not of type array.");
        }
        if (!invalid.isEmpty()) {
            return invalidParams(invalid);
        }
        if (!authenticated) {
            return error(401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.");
        }
        if (req.path("customer_id").asLong(0) != 0) {
            return error(400, "woocommerce_rest_invalid_customer_id", "Customer ID is invalid.");
        }
        synchronized (this) {
            long id = postIds.getAndIncrement();
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            ObjectNode o = StoreHttp.JSON.createObjectNode();
            o.put("id", id);
            o.put("parent_id", 0);
            o.put("status", status);
            o.put("currency", req.path("currency").asString("USD"));
            o.put("version", "9.9.0");
            o.put("prices_include_tax", false);
            o.put("date_created", WC_DATE.format(now));
            o.put("date_modified", WC_DATE.format(now));
            o.put("discount_total", "0.00");
            o.put("discount_tax", "0.00");
            o.put("shipping_total", "0.00");
            o.put("shipping_tax", "0.00");
            o.put("cart_tax", "0.00");
            o.put("total_tax", "0.00");
            o.put("customer_id", 0);
            o.put("order_key", "wc_order_" + randomHex().substring(0, 13));
            o.set("billing", address(req.path("billing"), true));
            o.set("shipping", address(req.path("shipping"), false));
            o.put("payment_method", req.path("payment_method").asString(""));
            o.put("payment_method_title", req.path("payment_method_title").asString(""));
            o.put("transaction_id", req.path("transaction_id").asString(""));
            o.put("customer_ip_address", "");
            o.put("customer_user_agent", "");
            o.put("created_via", "rest-api");
            o.put("customer_note", req.path("customer_note").asString(""));
            o.putNull("date_completed");
            o.putNull("date_paid");
            o.put("cart_hash", "");
            o.put("number", Long.toString(id));
            o.putArray("meta_data");
            ArrayNode items = o.putArray("line_items");
            BigDecimal total = BigDecimal.ZERO;
            long itemIds = id * 100;
            for (JsonNode posted : req.path("line_items")) {
                if (posted.path("quantity").isNumber() && posted.path("quantity").asInt() == 0) {
                    continue; // a zero quantity removes the item
                }
                long productId = posted.path("variation_id").asLong(0) != 0 ? posted.path("variation_id").asLong()
                        : posted.path("product_id").asLong(0);
                if (productId == 0 && posted.path("sku").asString("").isEmpty()) {
                    return error(400, "woocommerce_rest_required_product_reference", "Product ID or SKU is required.");
                }
                int quantity = posted.path("quantity").asInt(1);
                Product product = products.get(productId);
                BigDecimal lineTotal = product == null || product.price == null || product.price.isEmpty()
                        ? BigDecimal.ZERO : new BigDecimal(product.price).multiply(BigDecimal.valueOf(quantity));
                ObjectNode item = items.addObject();
                item.put("id", ++itemIds);
                item.put("name", product == null ? "" : product.name);
                item.put("product_id", product == null ? 0 : product.id);
                item.put("variation_id", 0);
                item.put("quantity", quantity);
                item.put("tax_class", "");
                item.put("subtotal", money(lineTotal));
                item.put("subtotal_tax", "0.00");
                item.put("total", money(lineTotal));
                item.put("total_tax", "0.00");
                item.putArray("taxes");
                item.putArray("meta_data");
                item.put("sku", "");
                item.put("price", quantity == 0 ? 0 : lineTotal.doubleValue() / quantity);
                total = total.add(lineTotal);
            }
            o.put("total", money(total));
            o.putArray("tax_lines");
            o.putArray("shipping_lines");
            o.putArray("fee_lines");
            o.putArray("coupon_lines");
            o.putArray("refunds");
            boolean paid = req.path("set_paid").asBoolean(false);
            if (paid) {
                o.put("status", "processing"); // payment_complete(): physical goods need processing
                o.put("date_paid", WC_DATE.format(now));
            }
            if (paid || List.of("processing", "on-hold", "completed").contains(o.path("status").asString())) {
                reduceStock(items);
            }
            o.put("date_created_gmt", WC_DATE.format(now));
            o.put("date_modified_gmt", WC_DATE.format(now));
            o.put("date_paid_gmt", o.path("date_paid").isNull() ? null : WC_DATE.format(now));
            o.putNull("date_completed_gmt");
            o.put("payment_url", home + "/checkout/order-pay/" + id + "/?pay_for_order=true&key="
                    + o.path("order_key").asString());
            o.put("is_editable", "pending".equals(o.path("status").asString()));
            o.put("needs_payment", "pending".equals(o.path("status").asString()));
            o.put("needs_processing", true);
            orders.put(id, o);
            return new Answer(201, o, Map.of("Location", home + API + "/orders/" + id));
        }
    }

    /** {@code wc_reduce_stock_levels}: managed stock goes down by the quantity, below zero if need be. */
    private void reduceStock(ArrayNode items) {
        for (JsonNode item : items) {
            Product p = products.get(item.path("product_id").asLong());
            if (p != null && p.manageStock) {
                p.stockQuantity = (p.stockQuantity == null ? 0 : p.stockQuantity) - item.path("quantity").asInt();
            }
        }
    }

    private static ObjectNode address(JsonNode posted, boolean billing) {
        ObjectNode a = StoreHttp.JSON.createObjectNode();
        List<String> fields = new ArrayList<>(List.of("first_name", "last_name", "company", "address_1", "address_2",
                "city", "state", "postcode", "country"));
        if (billing) {
            fields.add("email");
        }
        fields.add("phone");
        for (String f : fields) {
            a.put(f, posted.path(f).asString(""));
        }
        return a;
    }

    // ---- WordPress REST plumbing --------------------------------------------------------------

    /** Bytes of {@code /wp-json/} found on a real WordPress 6.8.3 + WooCommerce 10.0.2 store. */
    static final int REAL_INDEX_BYTES = 1_460_000;

    /**
     * The site index, as large as a real store's: WordPress describes every route with its
     * arguments there, and WooCommerce adds hundreds. Here the routes are made up to that size.
     */
    private ObjectNode index() {
        ObjectNode o = StoreHttp.JSON.createObjectNode();
        o.put("name", "Storefleet WooCommerce stand-in");
        o.put("description", "");
        o.put("url", home.toString());
        o.put("home", home.toString());
        o.put("gmt_offset", "0");
        o.put("timezone_string", "");
        o.putArray("namespaces").add("oembed/1.0").add("wc/v3").add("wp/v2");
        o.putObject("authentication");
        ObjectNode routes = o.putObject("routes");
        for (int i = 0; o.toString().length() < REAL_INDEX_BYTES; ) { // measured every 100 routes
            for (int n = 0; n < 100; n++, i++) {
                ObjectNode route = routes.putObject("/wc/v3/stand-in-route-" + i + "/(?P<id>[\\d]+)");
                route.put("namespace", "wc/v3");
                route.putArray("methods").add("GET").add("POST").add("PUT").add("PATCH").add("DELETE");
                ObjectNode args = route.putArray("endpoints").addObject().putObject("args");
                for (String arg : List.of("id", "context", "page", "per_page", "search", "after", "before")) {
                    ObjectNode a = args.putObject(arg);
                    a.put("description", "Limit the result set to items matching the " + arg + " given, as"
                            + " WooCommerce describes each argument of each route in the index.");
                    a.put("type", "string");
                    a.put("required", false);
                }
            }
        }
        return o;
    }

    /**
     * WordPress's global {@code _fields} parameter ({@code rest_filter_response_fields}): a 2xx
     * answer keeps only the named top-level fields, of the object or of each object in a list.
     */
    private static Answer onlyRequestedFields(Answer answer, Object fieldsParam) {
        if (fieldsParam == null || answer.status() < 200 || answer.status() >= 300) {
            return answer;
        }
        List<String> fields = fieldsParam instanceof Map<?, ?> m ? m.values().stream().map(String::valueOf).toList()
                : List.of(String.valueOf(fieldsParam).split("[\\s,]+"));
        JsonNode json = answer.json();
        JsonNode kept;
        if (json.isArray()) {
            ArrayNode array = StoreHttp.JSON.createArrayNode();
            json.forEach(item -> array.add(only(item, fields)));
            kept = array;
        } else {
            kept = only(json, fields);
        }
        return new Answer(answer.status(), kept, answer.headers());
    }

    private static JsonNode only(JsonNode item, List<String> fields) {
        if (!item.isObject()) {
            return item;
        }
        ObjectNode o = StoreHttp.JSON.createObjectNode();
        fields.stream().filter(item::has).forEach(f -> o.set(f, item.get(f)));
        return o;
    }

    private static Answer list(List<ObjectNode> items, int total, int perPage) {
        ArrayNode array = StoreHttp.JSON.createArrayNode();
        items.forEach(array::add);
        return new Answer(200, array, Map.of("X-WP-Total", Integer.toString(total), "X-WP-TotalPages",
                Integer.toString((total + perPage - 1) / perPage)));
    }

    private static int intParam(Map<String, Object> query, String name, int dflt, int min, int max,
            Map<String, String> invalid) {
        Object raw = query.get(name);
        if (raw == null) {
            return dflt;
        }
        if (!(raw instanceof String s) || !s.strip().matches("-?[0-9]+")) {
            invalid.put(name, name + " is not of type integer.");
            return dflt;
        }
        long v = Long.parseLong(((String) raw).strip());
        if (v < min || v > max) {
            invalid.put(name, max == Integer.MAX_VALUE ? name + " must be greater than or equal to " + min
                    : name + " must be between " + min + " (inclusive) and " + max + " (inclusive)");
            return dflt;
        }
        return (int) v;
    }

    private static String enumParam(Map<String, Object> query, String name, String dflt, List<String> allowed,
            Map<String, String> invalid) {
        Object raw = query.get(name);
        if (raw == null) {
            return dflt;
        }
        if (!(raw instanceof String s) || !allowed.contains(s)) {
            String list = allowed.size() == 1 ? allowed.get(0) : String.join(", ", allowed.subList(0, allowed.size() - 1))
                    + ", and " + allowed.get(allowed.size() - 1);
            invalid.put(name, name + " is not one of " + list + ".");
            return dflt;
        }
        return s;
    }

    private static Answer invalidParams(Map<String, String> invalid) {
        ObjectNode o = StoreHttp.JSON.createObjectNode();
        o.put("code", "rest_invalid_param");
        o.put("message", "Invalid parameter(s): " + String.join(", ", invalid.keySet()));
        ObjectNode data = o.putObject("data");
        data.put("status", 400);
        ObjectNode params = data.putObject("params");
        invalid.forEach(params::put);
        return new Answer(400, o);
    }

    private static Answer error(RestError e) {
        return error(e.status(), e.code(), e.message());
    }

    private static Answer error(int status, String code, String message) {
        ObjectNode o = StoreHttp.JSON.createObjectNode();
        o.put("code", code);
        o.put("message", message);
        o.putObject("data").put("status", status);
        return new Answer(status, o);
    }

    /** An injected fault's body: what WordPress sends when PHP dies mid-request. */
    private static String injectedError(int status, String method, String path) {
        return error(status, "internal_server_error", status >= 500
                ? "There has been a critical error on this website." : "Injected fault").json().toString();
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private static String randomHex() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
