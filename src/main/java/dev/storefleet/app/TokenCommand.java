package dev.storefleet.app;

import dev.storefleet.api.JwtTokens;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code storefleet token <user id> [--ttl 24h]}: prints a bearer token for the REST API,
 * signed with {@code JWT_SECRET}. The user id becomes the audited actor of every request
 * made with it, and the owner of stores created without one.
 */
final class TokenCommand {
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    private static final String USAGE = "usage: storefleet token <user id> [--ttl 24h]   (lifetimes: 90s, 30m, 24h, 7d)";

    private TokenCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        Duration ttl = DEFAULT_TTL;
        try {
            for (int i = 1; i < args.length; i++) {
                if (args[i].equals("--ttl") && i + 1 < args.length) {
                    ttl = JwtTokens.parseTtl(args[++i]);
                } else if (args[i].startsWith("--ttl=")) {
                    ttl = JwtTokens.parseTtl(args[i].substring("--ttl=".length()));
                } else if (user == null && !args[i].startsWith("--")) {
                    user = args[i];
                } else {
                    err.println(USAGE);
                    return 2;
                }
            }
            if (user == null) {
                err.println(USAGE);
                return 2;
            }
            out.println(new JwtTokens(env.get("JWT_SECRET"), Clock.systemUTC()).mint(user, ttl));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("storefleet token: " + e.getMessage());
            return 2;
        }
    }
}
