package dev.storefleet.api;

import java.util.Map;

/**
 * What the headless server reads from its environment. A value that cannot be used stops the
 * start with a message naming it.
 *
 * <pre>
 * PORT        TCP port to listen on (default 5000; 0 picks a free one)
 * HOST        address to bind (default 0.0.0.0, every interface)
 * JWT_SECRET  HS256 key of the bearer tokens, at least 32 bytes (required)
 * </pre>
 */
public record ApiSettings(String host, int port, String jwtSecret) {
    public static final int DEFAULT_PORT = 5000;
    public static final String DEFAULT_HOST = "0.0.0.0";

    public ApiSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("PORT must be between 0 and 65535, not " + port + ".");
        }
        JwtTokens.checkedSecret(jwtSecret);
    }

    /** @throws IllegalArgumentException with a message for the operator */
    public static ApiSettings fromEnvironment(Map<String, String> env) {
        String portText = env.get("PORT");
        int port = DEFAULT_PORT;
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("PORT must be a whole number between 0 and 65535, not '"
                        + portText + "'.", e);
            }
        }
        String host = env.get("HOST");
        return new ApiSettings(host == null || host.isBlank() ? DEFAULT_HOST : host.strip(), port,
                env.get("JWT_SECRET"));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "ApiSettings[host=" + host + ", port=" + port + ", jwtSecret=(hidden)]";
    }
}
