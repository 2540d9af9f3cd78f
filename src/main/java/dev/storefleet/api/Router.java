package dev.storefleet.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Method and path to handler; {@code {id}} in a path template captures one path segment. */
final class Router {

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    /** A found route, with the path's id segment if it has one. */
    record Match(Handler handler, String id) {
    }

    private final List<Route> routes = new ArrayList<>();

    Router add(String method, String template, Handler handler) {
        String regex = Pattern.quote(template).replace("{id}", "\\E([^/]+)\\Q");
        routes.add(new Route(method, Pattern.compile(regex), handler));
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
                    return new Match(route.handler(), matcher.groupCount() > 0 ? matcher.group(1) : null);
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
