package dev.storefleet.testcluster;

import com.sun.net.httpserver.HttpExchange;
import dev.storefleet.domain.StoreType;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the WooCommerce stores of the test cluster, for looking at the console (the
 * screenshot script), never for judging the store clients: the test cluster runs no WordPress.
 * It answers the few REST v3 calls the console makes (the {@code /wp-json/} probe, products,
 * create and list orders) on loopback, one store per path ({@code /<slug>}), keeps orders in
 * memory, and does NOT check the OAuth signatures a real WooCommerce checks. It plays the chart's
 * setup Job too: every WooCommerce store's namespace (by the console's labels) gets the
 * {@code storefleet-store-api} Secret pointing the console at the stand-in. Medusa stores get
 * nothing, so the console tells, in words, that their API credentials are not there.
 */
public final class WooCommerceStandIn implements AutoCloseable {
    private static final Pattern ORDER_QUANTITY = Pattern.compile("\"quantity\"\\s*:\\s*(\\d+)");
    private static final String PRICE = "12.00";

    private final HttpServer server;
    private final ScheduledExecutorService secrets = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "woocommerce-stand-in-secrets");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, List<String>> ordersBySlug = new ConcurrentHashMap<>();
    private int nextOrder = 1001;

    /** Serves on a free loopback port and writes the Secret into every store namespace of {@code api}. */
    public WooCommerceStandIn(TestKubernetesApi api) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        KubernetesClient client = api.client();
        secrets.scheduleWithFixedDelay(() -> writeSecrets(client), 0, 300, TimeUnit.MILLISECONDS);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void writeSecrets(KubernetesClient client) {
        try {
            for (var ns : client.namespaces().list().getItems()) {
                String name = ns.getMetadata().getName();
                Map<String, String> labels = ns.getMetadata().getLabels() == null ? Map.of()
                        : ns.getMetadata().getLabels();
                String slug = labels.get("storefleet.dev/store-slug");
                if (slug == null || !StoreType.WOOCOMMERCE.chartName().equals(labels.get("storefleet.dev/store-type"))
                        || client.secrets().inNamespace(name).withName("storefleet-store-api").get() != null) {
                    continue;
                }
                client.secrets().inNamespace(name).resource(new SecretBuilder().withNewMetadata()
                        .withName("storefleet-store-api").endMetadata()
                        .addToStringData("url", uri() + "/" + slug)
                        .addToStringData("consumerKey", "ck_stand_in")
                        .addToStringData("consumerSecret", "cs_stand_in").build()).create();
            }
        } catch (RuntimeException e) {
            // a namespace being deleted, or the API busy: the next round tries again
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Matcher m = Pattern.compile("^/([a-z0-9-]+)(/wp-json/.*)$").matcher(path);
            if (!m.matches()) {
                reply(exchange, 404, "{\"code\":\"rest_no_route\",\"message\":\"No route was found.\"}");
                return;
            }
            String slug = m.group(1);
            String route = m.group(2);
            String method = exchange.getRequestMethod();
            if (route.equals("/wp-json/")) {
                reply(exchange, 200, "{\"name\":\"" + slug + "\"}");
            } else if (route.equals("/wp-json/wc/v3/products") && method.equals("GET")) {
                reply(exchange, 200, "[{\"id\":11,\"name\":\"Storefleet test mug\",\"type\":\"simple\",\"price\":\""
                        + PRICE + "\",\"purchasable\":true,\"stock_status\":\"instock\",\"manage_stock\":false}]");
            } else if (route.equals("/wp-json/wc/v3/orders") && method.equals("POST")) {
                reply(exchange, 201, place(slug, read(exchange.getRequestBody())));
            } else if (route.equals("/wp-json/wc/v3/orders") && method.equals("GET")) {
                List<String> orders = ordersBySlug.getOrDefault(slug, List.of());
                synchronized (orders) {
                    reply(exchange, 200, "[" + String.join(",", orders) + "]");
                }
            } else {
                reply(exchange, 404, "{\"code\":\"rest_no_route\",\"message\":\"The stand-in does not serve "
                        + method + " " + route + ".\"}");
            }
        }
    }

    private String place(String slug, String body) {
        Matcher q = ORDER_QUANTITY.matcher(body);
        int quantity = q.find() ? Integer.parseInt(q.group(1)) : 1;
        int number;
        synchronized (this) {
            number = nextOrder++;
        }
        String created = LocalDateTime.now(ZoneOffset.UTC).withNano(0).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        String order = String.format(Locale.ROOT, "{\"id\":%d,\"number\":\"%d\",\"status\":\"processing\","
                + "\"total\":\"%d.00\",\"currency\":\"USD\",\"date_created_gmt\":\"%s\"}", number, number,
                12 * quantity, created);
        List<String> orders = ordersBySlug.computeIfAbsent(slug, s -> new ArrayList<>());
        synchronized (orders) {
            orders.add(0, order);
        }
        return order;
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        secrets.shutdownNow();
        server.stop(0);
    }
}
