package dev.storefleet.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How WooCommerce authenticates a REST request, step for step as its
 * {@code includes/class-wc-rest-authentication.php} does (read from its source, trunk of 2025/26):
 *
 * <ul>
 * <li>Over HTTPS ({@code is_ssl()}) first HTTP Basic: the {@code consumer_key} and
 * {@code consumer_secret} query parameters if both are there, else the Basic credentials. An unknown
 * key is no error (the request is just not authenticated); a known key with the wrong secret is
 * "Consumer secret is invalid.". Then, as over plain HTTP, OAuth 1.0a.</li>
 * <li>OAuth parameters come from the query ({@code $_GET}), a form body ({@code $_POST}) and an
 * {@code Authorization: OAuth} header, as PHP parsed them ({@link PhpQuery}). None at all: not an
 * OAuth request. Some missing: "Missing OAuth parameter(s) …".</li>
 * <li>The consumer key is looked up by its hash ({@code wc_api_hash}: HMAC-SHA256 with key
 * "wc-api"), as WooCommerce stores only that.</li>
 * <li>The base string: the method, {@code rawurlencode} of the store's <b>home URL</b> (scheme
 * forced to http or https by the connection, never the Host header) plus the request path after the
 * home path, and the parameters without {@code oauth_signature}, <b>sorted by raw name before
 * encoding</b> ({@code uksort strcmp}), each name and value {@code rawurlencode}d, nested arrays
 * flattened to {@code name%5Bkey%5D}, each {@code name=value} {@code rawurlencode}d again and joined
 * with {@code %26}. The HMAC key is the consumer secret <b>as stored</b> plus {@code &} (RFC 5849
 * would percent-encode it). HMAC-SHA1 or HMAC-SHA256, compared in constant time.</li>
 * <li>Then the timestamp (within 15 minutes either way) and the nonce (not seen in the last 15
 * minutes; used nonces are kept <b>per timestamp</b>, so a second request with the same timestamp
 * replaces the first one's nonce, as WooCommerce's {@code $used_nonces[$timestamp] = $nonce} does).</li>
 * </ul>
 *
 * Errors carry WooCommerce's codes and words, status 401.
 */
final class WooCommerceAuthentication {
    static final long VALID_WINDOW_SECONDS = 15 * 60;

    /** A REST key as the {@code woocommerce_api_keys} table holds it. */
    static final class ApiKey {
        final long keyId;
        final String consumerKeyHash;
        final String consumerSecret;
        final String permissions;
        /** timestamp -> nonce, as WooCommerce serialises them into the key's row. */
        final Map<Long, String> nonces = new ConcurrentHashMap<>();

        ApiKey(long keyId, String consumerKey, String consumerSecret, String permissions) {
            this.keyId = keyId;
            this.consumerKeyHash = apiHash(consumerKey);
            this.consumerSecret = consumerSecret;
            this.permissions = permissions;
        }
    }

    /** A WooCommerce REST error ({@code WP_Error}): code, message, HTTP status. */
    record RestError(String code, String message, int status) {
    }

    /** What authentication found: the key (null when not authenticated), or an error. */
    record Result(ApiKey key, RestError error) {
        static final Result NONE = new Result(null, null);
    }

    /** One request as PHP sees it. */
    record Request(String method, String rawPath, String rawQuery, String formBody, String authorization) {
    }

    private final Map<String, ApiKey> keysByHash = new ConcurrentHashMap<>();
    private final Clock clock;

    WooCommerceAuthentication(Clock clock) {
        this.clock = clock;
    }

    void addKey(ApiKey key) {
        keysByHash.put(key.consumerKeyHash, key);
    }

    Result authenticate(Request request, boolean ssl, URI home) {
        Map<String, Object> get = PhpQuery.parse(request.rawQuery());
        if (ssl) {
            Result basic = basic(get, request.authorization());
            if (basic.key() != null) {
                return basic;
            }
            Result oauth = oauth(request, get, ssl, home);
            // perform_oauth_authentication() keeps an earlier error when it finds no OAuth parameters
            return oauth.key() == null && oauth.error() == null ? basic : oauth;
        }
        return oauth(request, get, ssl, home);
    }

    private Result basic(Map<String, Object> get, String authorization) {
        String key = "";
        String secret = "";
        if (!empty(get.get("consumer_key")) && !empty(get.get("consumer_secret"))) {
            key = String.valueOf(get.get("consumer_key"));
            secret = String.valueOf(get.get("consumer_secret"));
        }
        if (key.isEmpty() && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                key = decoded.substring(0, colon);
                secret = decoded.substring(colon + 1);
            }
        }
        if (key.isEmpty() || secret.isEmpty()) {
            return Result.NONE;
        }
        ApiKey found = keysByHash.get(apiHash(key.strip()));
        if (found == null) {
            return Result.NONE;
        }
        if (!MessageDigest.isEqual(found.consumerSecret.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8))) {
            return error("woocommerce_rest_authentication_error", "Consumer secret is invalid.");
        }
        return new Result(found, null);
    }

    private static final List<String> REQUIRED = List.of("oauth_consumer_key", "oauth_timestamp", "oauth_nonce",
            "oauth_signature", "oauth_signature_method");
    private static final Pattern HEADER_PARAM = Pattern.compile("(oauth_[a-z_-]*)=(:?\"([^\"]*)\"|([^,]*))");

    private Result oauth(Request request, Map<String, Object> get, boolean ssl, URI home) {
        Map<String, Object> params = new LinkedHashMap<>(get);
        params.putAll(PhpQuery.parse(request.formBody()));
        String header = request.authorization() == null ? "" : request.authorization().strip();
        if (header.startsWith("OAuth ")) {
            Matcher m = HEADER_PARAM.matcher(header);
            while (m.find()) {
                String value = m.group(3) == null || m.group(3).isEmpty() ? m.group(4) : m.group(3);
                params.put(m.group(1), PhpQuery.urldecode(value == null ? "" : value));
            }
        }
        List<String> missing = new ArrayList<>();
        boolean haveOne = false;
        for (String name : REQUIRED) {
            if (empty(params.get(name))) {
                missing.add(name);
            } else {
                haveOne = true;
            }
        }
        if (!haveOne) {
            return Result.NONE;
        }
        if (!missing.isEmpty()) {
            return error("woocommerce_rest_authentication_missing_parameter", (missing.size() == 1
                    ? "Missing OAuth parameter " : "Missing OAuth parameters ") + String.join(", ", missing));
        }
        ApiKey key = keysByHash.get(apiHash(String.valueOf(params.get("oauth_consumer_key")).strip()));
        if (key == null) {
            return error("woocommerce_rest_authentication_error", "Consumer key is invalid.");
        }
        RestError signature = checkSignature(key, params, request, ssl, home);
        if (signature != null) {
            return new Result(null, signature);
        }
        RestError replay = checkTimestampAndNonce(key, String.valueOf(params.get("oauth_timestamp")),
                String.valueOf(params.get("oauth_nonce")));
        return replay != null ? new Result(null, replay) : new Result(key, null);
    }

    /** The string WooCommerce signs for this request ({@code check_oauth_signature}), for tests to look at. */
    static String stringToSign(Map<String, Object> paramsWithoutSignature, String method, String rawPath, boolean ssl,
            URI home) {
        String requestPath = rawPath;
        String homePath = home.getRawPath() == null ? "" : home.getRawPath().replaceAll("/+$", "");
        String wpBase = homePath + "/";
        if (requestPath.startsWith(wpBase)) {
            requestPath = requestPath.substring(wpBase.length());
        }
        String homeUrl = (ssl ? "https" : "http") + home.toString().replaceFirst("^\\w+(?=://)", "")
                .replaceAll("/+$", "");
        String baseRequestUri = PhpQuery.rawurlencode(requestPath.isEmpty() ? homeUrl
                : homeUrl + "/" + requestPath.replaceFirst("^/+", ""));
        TreeMap<String, Object> sorted = new TreeMap<>(WooCommerceAuthentication::strcmp);
        sorted.putAll(paramsWithoutSignature);
        List<String> pairs = new ArrayList<>();
        // normalize_parameters: names and values rawurlencoded (nested names are left as they are)
        sorted.forEach((name, value) -> joinWithEqualsSign(PhpQuery.rawurlencode(name), encodeValues(value), "", pairs));
        return method.toUpperCase(java.util.Locale.ROOT) + "&" + baseRequestUri + "&" + String.join("%26", pairs);
    }

    @SuppressWarnings("unchecked")
    private static Object encodeValues(Object value) {
        if (value instanceof Map<?, ?> array) {
            Map<String, Object> encoded = new LinkedHashMap<>();
            ((Map<String, Object>) array).forEach((k, v) -> encoded.put(k, encodeValues(v)));
            return encoded;
        }
        return PhpQuery.rawurlencode(String.valueOf(value));
    }

    @SuppressWarnings("unchecked")
    private static void joinWithEqualsSign(String name, Object value, String prefix, List<String> into) {
        String key = prefix.isEmpty() ? name : prefix + "%5B" + name + "%5D";
        if (value instanceof Map<?, ?> array) {
            ((Map<String, Object>) array).forEach((k, v) -> joinWithEqualsSign(k, v, key, into));
        } else {
            into.add(PhpQuery.rawurlencode(key + "=" + value));
        }
    }

    private RestError checkSignature(ApiKey key, Map<String, Object> params, Request request, boolean ssl, URI home) {
        String consumerSignature = PhpQuery.rawurldecode(String.valueOf(params.get("oauth_signature")).replace(' ', '+'));
        Map<String, Object> signed = new LinkedHashMap<>(params);
        signed.remove("oauth_signature");
        String stringToSign = stringToSign(signed, request.method(), request.rawPath(), ssl, home);
        String method = PhpQuery.rawurlencode(String.valueOf(params.get("oauth_signature_method")));
        String algorithm = switch (method) {
            case "HMAC-SHA1" -> "HmacSHA1";
            case "HMAC-SHA256" -> "HmacSHA256";
            default -> null;
        };
        if (algorithm == null) {
            return new RestError("woocommerce_rest_authentication_error",
                    "Invalid signature - signature method is invalid.", 401);
        }
        String expected = hmacBase64(algorithm, key.consumerSecret + "&", stringToSign);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                consumerSignature.getBytes(StandardCharsets.UTF_8))) {
            return new RestError("woocommerce_rest_authentication_error",
                    "Invalid signature - provided signature does not match.", 401);
        }
        return null;
    }

    private RestError checkTimestampAndNonce(ApiKey key, String timestamp, String nonce) {
        long now = clock.instant().getEpochSecond();
        long ts;
        try {
            ts = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            ts = 0; // PHP compares a non-numeric string as 0 here: far in the past
        }
        if (ts < now - VALID_WINDOW_SECONDS || ts > now + VALID_WINDOW_SECONDS) {
            return new RestError("woocommerce_rest_authentication_error", "Invalid timestamp.", 401);
        }
        synchronized (key.nonces) {
            if (key.nonces.containsValue(nonce)) {
                return new RestError("woocommerce_rest_authentication_error",
                        "Invalid nonce - nonce has already been used.", 401);
            }
            key.nonces.put(ts, nonce);
            key.nonces.keySet().removeIf(t -> t < now - VALID_WINDOW_SECONDS);
        }
        return null;
    }

    /** WooCommerce's per-method key permission check ({@code check_permissions}); null when allowed. */
    static RestError checkPermissions(ApiKey key, String method) {
        String p = key.permissions;
        return switch (method) {
            case "HEAD", "GET" -> "read".equals(p) || "read_write".equals(p) ? null
                    : new RestError("woocommerce_rest_authentication_error",
                            "The API key provided does not have read permissions.", 401);
            case "POST", "PUT", "PATCH", "DELETE" -> "write".equals(p) || "read_write".equals(p) ? null
                    : new RestError("woocommerce_rest_authentication_error",
                            "The API key provided does not have write permissions.", 401);
            case "OPTIONS" -> null;
            default -> new RestError("woocommerce_rest_authentication_error", "Unknown request method.", 401);
        };
    }

    private static Result error(String code, String message) {
        return new Result(null, new RestError(code, message, 401));
    }

    /** PHP's {@code empty()}: null, "", "0" or an empty array. */
    private static boolean empty(Object value) {
        return value == null || "".equals(value) || "0".equals(value) || (value instanceof Map<?, ?> m && m.isEmpty());
    }

    /** PHP {@code strcmp}: byte order of the UTF-8 names. */
    private static int strcmp(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code wc_api_hash}: {@code hash_hmac('sha256', $data, 'wc-api')}, hex. */
    static String apiHash(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("wc-api".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacBase64(String algorithm, String key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
