package dev.storefleet.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OAuth 1.0a one-legged signing (RFC 5849, no token) as WooCommerce's REST API requires over plain
 * HTTP. Produces the same oauth_signature as WooCommerce's official JavaScript client
 * ({@code @woocommerce/woocommerce-rest-api}, via {@code oauth-1.0a}); a test checks it against
 * that library. WooCommerce rebuilds the base string from its own home URL and the request path,
 * so the URL signed is the store's home URL, not the address the request travels to (a
 * port-forward).
 */
public final class OAuth1Signer {
    public static final String HMAC_SHA256 = "HMAC-SHA256";
    public static final String HMAC_SHA1 = "HMAC-SHA1";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] NONCE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            .toCharArray();

    private OAuth1Signer() {
    }

    /**
     * The query parameters of a signed request: {@code queryParams} plus the oauth_* ones.
     *
     * @param signedUrl the URL WooCommerce will rebuild (home URL + path), without query
     */
    public static Map<String, String> sign(String method, URI signedUrl, Map<String, String> queryParams,
            String consumerKey, String consumerSecret, String signatureMethod, String nonce, long timestamp) {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_signature_method", signatureMethod);
        oauth.put("oauth_timestamp", Long.toString(timestamp));
        oauth.put("oauth_version", "1.0");
        Map<String, String> all = new TreeMap<>(queryParams);
        all.putAll(oauth);
        String signature = signature(baseString(method, signedUrl, all), consumerSecret, signatureMethod);
        Map<String, String> result = new LinkedHashMap<>(queryParams);
        result.putAll(oauth);
        result.put("oauth_signature", signature);
        return result;
    }

    /** {@code METHOD&enc(url)&enc(k1=v1&k2=v2…)} with keys and values encoded and sorted (RFC 5849 3.4.1). */
    public static String baseString(String method, URI signedUrl, Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> sorted.put(encode(k), encode(v)));
        StringBuilder normalized = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(k).append('=').append(v);
        });
        String url = signedUrl.toString();
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query);
        }
        return method.toUpperCase(java.util.Locale.ROOT) + "&" + encode(url) + "&" + encode(normalized.toString());
    }

    static String signature(String baseString, String consumerSecret, String signatureMethod) {
        String algorithm = switch (signatureMethod) {
            case HMAC_SHA256 -> "HmacSHA256";
            case HMAC_SHA1 -> "HmacSHA1";
            default -> throw new IllegalArgumentException("unsupported signature method " + signatureMethod);
        };
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec((encode(consumerSecret) + "&").getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available in this JDK", e);
        }
    }

    /** RFC 3986 percent-encoding: everything but {@code A-Z a-z 0-9 - . _ ~}. */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3 / 2);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** 32 random letters and digits (what oauth-1.0a sends). */
    public static String newNonce() {
        char[] nonce = new char[32];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = NONCE_CHARS[RANDOM.nextInt(NONCE_CHARS.length)];
        }
        return new String(nonce);
    }
}
