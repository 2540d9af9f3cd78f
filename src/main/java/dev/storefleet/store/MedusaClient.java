package dev.storefleet.store;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Medusa v2: places an order as a shopper would through the store API (publishable key), and reads
 * orders through the admin API with a token from {@code POST /auth/user/emailpass}. Credentials
 * are the keys of the store's API Secret: {@code publishableKey}, {@code adminEmail},
 * {@code adminPassword}, {@code regionId}, {@code salesChannelId}.
 */
final class MedusaClient {
    static final String PAYMENT_PROVIDER = "pp_system_default";
    private static final String ORDER_FIELDS = "id,display_id,status,total,currency_code,created_at";

    private final StoreHttp http;
    private final URI base;
    private final StoreCredentials credentials;
    private final String storeName;

    MedusaClient(StoreHttp http, URI base, StoreCredentials credentials, String storeName) {
        this.http = http;
        this.base = base;
        this.credentials = credentials;
        this.storeName = storeName;
    }

    Order placeTestOrder(int quantity) {
        Map<String, String> shopper = Map.of("x-publishable-api-key", credentials.require("publishableKey"));
        String regionId = credentials.require("regionId");
        String channelId = credentials.require("salesChannelId");

        JsonNode region = call("reading the store's region", "GET", "/store/regions/" + regionId, shopper, null,
                Step.CHECKOUT_REFUSED).path("region");
        String country = region.path("countries").path(0).path("iso_2").asString("");
        if (country.isEmpty()) {
            throw new StoreApiException(Step.CHECKOUT_REFUSED, where("reading the store's region")
                    + ": region " + regionId + " has no country to ship to.");
        }

        String variantId = orderableVariant(shopper, regionId, quantity);

        String cartId = call("creating a cart", "POST", "/store/carts", shopper,
                Map.of("region_id", regionId, "sales_channel_id", channelId), Step.CHECKOUT_REFUSED)
                .path("cart").path("id").asString("");
        if (cartId.isEmpty()) {
            throw StoreReplies.unexpected(where("creating a cart"), "cart id");
        }
        String cart = "/store/carts/" + cartId;
        call("adding the product to the cart", "POST", cart + "/line-items", shopper,
                Map.of("variant_id", variantId, "quantity", quantity), Step.CHECKOUT_REFUSED);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("first_name", "Storefleet");
        address.put("last_name", "Test order");
        address.put("address_1", "1 Test street");
        address.put("city", "Testville");
        address.put("postal_code", "10001");
        address.put("country_code", country);
        call("setting the shopper's e-mail and addresses", "POST", cart, shopper,
                Map.of("email", "test-order@storefleet.invalid", "shipping_address", address,
                        "billing_address", address), Step.CHECKOUT_REFUSED);
        JsonNode options = call("reading the shipping options", "GET", "/store/shipping-options?cart_id=" + cartId,
                shopper, null, Step.CHECKOUT_REFUSED).path("shipping_options");
        if (options.size() == 0) {
            throw new StoreApiException(Step.CHECKOUT_REFUSED, where("choosing shipping")
                    + ": the store offers no shipping option for " + country.toUpperCase(java.util.Locale.ROOT) + ".");
        }
        call("choosing shipping", "POST", cart + "/shipping-methods", shopper,
                Map.of("option_id", options.path(0).path("id").asString()), Step.CHECKOUT_REFUSED);
        String collectionId = call("starting payment", "POST", "/store/payment-collections", shopper,
                Map.of("cart_id", cartId), Step.CHECKOUT_REFUSED).path("payment_collection").path("id").asString("");
        if (collectionId.isEmpty()) {
            throw StoreReplies.unexpected(where("starting payment"), "payment collection id");
        }
        call("opening a payment session with " + PAYMENT_PROVIDER, "POST",
                "/store/payment-collections/" + collectionId + "/payment-sessions", shopper,
                Map.of("provider_id", PAYMENT_PROVIDER), Step.CHECKOUT_REFUSED);
        JsonNode done = call("completing the checkout", "POST", cart + "/complete", shopper, null,
                Step.CHECKOUT_REFUSED);
        if (!"order".equals(done.path("type").asString(""))) {
            String why = done.path("error").path("message").asString("the cart was not turned into an order");
            throw new StoreApiException(Step.CHECKOUT_REFUSED, where("completing the checkout") + ": " + why + ".");
        }
        return StoreReplies.requireId(order(done.path("order")), where("completing the checkout"));
    }

    List<Order> listOrders(int limit) {
        Map<String, String> admin = adminHeaders();
        JsonNode orders = call("listing orders", "GET", "/admin/orders?limit=" + limit + "&order=-created_at&fields="
                + ORDER_FIELDS, admin, null, Step.BAD_RESPONSE).path("orders");
        List<Order> result = new ArrayList<>();
        orders.forEach(o -> result.add(order(o)));
        return result;
    }

    Order getOrder(String orderId) {
        Map<String, String> admin = adminHeaders();
        JsonNode order = call("reading order " + orderId, "GET", "/admin/orders/"
                + java.net.URLEncoder.encode(orderId, java.nio.charset.StandardCharsets.UTF_8) + "?fields=" + ORDER_FIELDS,
                admin, null, Step.NOT_FOUND).path("order");
        return StoreReplies.requireId(order(order), where("reading order " + orderId));
    }

    /**
     * Null if Medusa answers {@code GET /health}, else why not. That is Medusa's liveness route: its
     * answer is "OK", two bytes, so the probe stays small.
     */
    String whyNotAnswering() {
        return http.whyNotAnswering(base.resolve("/health"));
    }

    /**
     * A variant of a published product with a price in the region and enough stock (or none managed):
     * of the lowest product id, then variant id, that qualifies, so every test order takes the same.
     */
    private String orderableVariant(Map<String, String> shopper, String regionId, int quantity) {
        JsonNode products = call("looking for a product to order", "GET", "/store/products?limit=50&order=id&region_id="
                + regionId + "&fields=id,title,*variants,*variants.calculated_price,%2Bvariants.inventory_quantity",
                shopper, null, Step.CHECKOUT_REFUSED).path("products");
        int seen = 0;
        for (JsonNode product : byId(products)) {
            for (JsonNode variant : byId(product.path("variants"))) {
                seen++;
                boolean priced = !variant.path("calculated_price").path("calculated_amount").isMissingNode()
                        && !variant.path("calculated_price").path("calculated_amount").isNull();
                boolean managed = variant.path("manage_inventory").asBoolean(false);
                boolean inStock = !managed || variant.path("allow_backorder").asBoolean(false)
                        || variant.path("inventory_quantity").asInt(0) >= quantity;
                if (priced && inStock) {
                    return variant.path("id").asString();
                }
            }
        }
        throw new StoreApiException(Step.NO_PRODUCT, where("looking for a product to order") + ": "
                + (seen == 0 ? "no published product is in the store's sales channel."
                        : "none of the " + seen + " product variants has both a price in the region and "
                                + (quantity == 1 ? "stock." : quantity + " pieces in stock.")));
    }

    /** Medusa ids (prefix and ULID) in their own order, whatever order the list came in. */
    private static List<JsonNode> byId(JsonNode items) {
        List<JsonNode> sorted = new ArrayList<>();
        items.forEach(sorted::add);
        sorted.sort(java.util.Comparator.comparing(i -> i.path("id").asString("")));
        return sorted;
    }

    private Map<String, String> adminHeaders() {
        StoreHttp.Response r = http.send(where("logging in to the admin API"), "POST",
                base.resolve("/auth/user/emailpass"), Map.of(),
                Map.of("email", credentials.require("adminEmail"), "password", credentials.require("adminPassword")));
        if (!r.ok()) {
            throw StoreReplies.failure(r, where("logging in to the admin API as " + credentials.require("adminEmail")),
                    Step.AUTH);
        }
        String token = r.json().path("token").asString("");
        if (token.isEmpty()) {
            throw StoreReplies.unexpected(where("logging in to the admin API"), "token");
        }
        return Map.of("Authorization", "Bearer " + token);
    }

    private JsonNode call(String what, String method, String path, Map<String, String> headers, Object body,
            Step on4xx) {
        StoreHttp.Response r = path.endsWith("/complete")
                ? http.sendCreatingOrder(where(what), method, base.resolve(path), headers, body)
                : http.send(where(what), method, base.resolve(path), headers, body);
        if (!r.ok()) {
            throw StoreReplies.failure(r, where(what), on4xx);
        }
        return r.json();
    }

    private String where(String what) {
        return "Medusa store '" + storeName + "', " + what;
    }

    static Order order(JsonNode o) {
        String id = o.path("id").asString("");
        String display = o.path("display_id").asString("");
        return new Order(id, display.isEmpty() ? id : "#" + display, o.path("status").asString(""),
                o.path("total").asString(""), o.path("currency_code").asString("").toUpperCase(java.util.Locale.ROOT),
                StoreReplies.instant(o.path("created_at").asString(null)));
    }
}
