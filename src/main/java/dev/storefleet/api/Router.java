package dev.storefleet.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Method and path to handler, and the {@link Role} a token needs for it: each route declares its
 * role where it is added, with words for what it does ("Deleting a store") that a refusal names.
 * A {@code {name}} in a path template captures one path segment,
 * which the handler reads by that name ({@code /api/stores/{id}/orders/{orderId}}). Routing works
 * on the path as sent: it is split at its '/' first and each segment is decoded after, so a %-escape
 * is always data inside one segment and never a separator ({@code 1%2Fretry} is not {@code 1/retry}).
 */
final class Router {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    @FunctionalInterface
    interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** One segment of a template: a literal to equal, or the name of the parameter it captures. */
    private record Segment(String literal, String param) {
        static Segment of(String text) {
            Matcher param = PARAM.matcher(text);
            return param.matches() ? new Segment(null, param.group(1)) : new Segment(text, null);
        }

        boolean accepts(String decoded) {
            return literal == null ? !decoded.isEmpty() : literal.equals(decoded);
        }
    }

    /**
     * What a route asks of the token: {@code needs} at least, for what {@code doing} says
     * ("Deleting a store", the start of a refusal's sentence).
     */
    record Access(Role needs, String doing) {
        Access {
            java.util.Objects.requireNonNull(needs, "needs");
        }
    }

    /** One line of the route table, as declared: for the refusal's words and for the documentation's check. */
    record Declared(String method, String template, Access access) {
    }

    private record Route(Declared declared, List<Segment> segments, Handler handler) {
        String method() {
            return declared.method();
        }

        boolean matches(List<String> decoded) {
            if (decoded.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                if (!segments.get(i).accepts(decoded.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A found route, with the path's captured segments by name, decoded, and the role it needs. */
    record Match(Handler handler, Map<String, String> params, Access access) {
    }

    private final List<Route> routes = new ArrayList<>();

    /** Adds a route that a token of role {@code needs} or above may use; {@code doing} names it in a refusal. */
    Router add(String method, String template, Role needs, String doing, Handler handler) {
        if (doing == null || doing.isBlank()) {
            throw new IllegalArgumentException("a route says what it does: " + template);
        }
        List<Segment> segments = new ArrayList<>();
        for (String text : template.substring(1).split("/", -1)) {
            Segment segment = Segment.of(text);
            if (segment.literal() != null && segment.literal().contains("{")) {
                throw new IllegalArgumentException("a parameter takes a whole segment: " + template);
            }
            segments.add(segment);
        }
        routes.add(new Route(new Declared(method, template, new Access(needs, doing)), List.copyOf(segments), handler));
        return this;
    }

    /** The routes as declared, in the order they were added. */
    List<Declared> declared() {
        return routes.stream().map(Route::declared).toList();
    }

    /**
     * @param rawPath the path as sent, %-escapes and all (dot segments resolved), starting with '/'
     * @throws ApiException 404 for an unknown path, 405 (with Allow) for a known path and another
     *                      method, 400 for a path whose escapes do not decode or hold a '/'
     */
    Match find(String method, String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        List<String> decoded = new ArrayList<>();
        for (String segment : path.substring(1).split("/", -1)) {
            decoded.add(decoded(segment));
        }
        TreeSet<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            if (route.matches(decoded)) {
                if (route.method().equals(method)) {
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 0; i < route.segments().size(); i++) {
                        String param = route.segments().get(i).param();
                        if (param != null) {
                            params.put(param, decoded.get(i));
                        }
                    }
                    return new Match(route.handler(), params, route.declared().access());
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

    /** One path segment with its %-escapes decoded as UTF-8; an escaped '/' is refused, not taken for a separator. */
    private static String decoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
            if (low < 0) {
                throw ApiException.badRequest("The path is not properly encoded: a '%' must be followed by two hex"
                        + " digits (write %25 for '%' itself).");
            }
            bytes.write(high * 16 + low);
            i += 2;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("The path is not properly encoded: its %-escapes are not UTF-8 text.");
        }
        if (text.indexOf('/') >= 0) {
            throw ApiException.badRequest("The path segment " + Quoted.of(segment) + " holds an escaped '/' (%2F); in this"
                    + " API's paths a '/' only separates segments, and no id or name holds one.");
        }
        return text;
    }
}
