package dev.storefleet.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path to handler; a {@code {name}} in a path template captures one path segment,
 * which the handler reads by that name ({@code /api/stores/{id}/orders/{orderId}}).
 */
final class Router {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, Pattern path, List<String> params, Handler handler) {
    }

    /** A found route, with the path's captured segments by name. */
    record Match(Handler handler, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        List<String> params = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher param = PARAM.matcher(template);
        int last = 0;
        while (param.find()) {
            regex.append(Pattern.quote(template.substring(last, param.start()))).append("([^/]+)");
            params.add(param.group(1));
            last = param.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, Pattern.compile(regex.toString()), List.copyOf(params), handler));
        return this;
    }

    /** @throws ApiException 404 for an unknown path, 405 (with Allow) for a known path and another method */
    Match find(String method, String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (matcher.matches()) {
                if (route.method().equals(method)) {
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 0; i < route.params().size(); i++) {
                        params.put(route.params().get(i), matcher.group(i + 1));
                    }
                    return new Match(route.handler(), params);
                }
                allowed.add(route.method());
            }
        }
        if (allowed.isEmpty()) {
            throw ApiException.notFound("There is no " + path + " in this API; see docs/api.md for the routes.");
        }
        throw new ApiException(405, "method_not_allowed", path + " does not take " + method + "; it takes "
                + String.join(", ", allowed) + ".", Map.of("Allow", String.join(", ", allowed)));
    }
}
