package dev.storefleet.app;

import dev.storefleet.api.JwtTokens;
import dev.storefleet.api.Role;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code storefleet token <user id> [--role operator] [--ttl 24h]}: prints a bearer token for the
 * REST API, signed with {@code JWT_SECRET}. The user id becomes the audited actor of every request
 * made with it, and the owner of stores created without one; the role says what it may do.
 */
final class TokenCommand {
    static final Duration DEFAULT_TTL = Duration.ofHours(24);
    static final Role DEFAULT_ROLE = Role.OPERATOR;
    static final String USAGE = "usage: storefleet token <user id> [--role viewer|operator|admin] [--ttl 24h]"
            + "   (default role operator; lifetimes: 90s, 30m, 24h, 7d)";

    private TokenCommand() {
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String user = null;
        Duration ttl = DEFAULT_TTL;
        Role role = DEFAULT_ROLE;
        try {
            for (int i = 1; i < args.length; i++) {
                String roleText = args[i].equals("--role") && i + 1 < args.length ? args[++i]
                        : args[i].startsWith("--role=") ? args[i].substring("--role=".length()) : null;
                if (roleText != null) {
                    role = role(roleText, err);
                    if (role == null) {
                        return 2;
                    }
                } else if (args[i].equals("--ttl") && i + 1 < args.length) {
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
            out.println(new JwtTokens(env.get("JWT_SECRET"), Clock.systemUTC()).mint(user, role, ttl));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("storefleet token: " + e.getMessage());
            return 2;
        }
    }

    /** The role named; or null, with why and the usage printed: a wrong role is a wrong command line. */
    private static Role role(String text, PrintStream err) {
        try {
            return Role.of(text);
        } catch (IllegalArgumentException e) {
            err.println("storefleet token: " + e.getMessage());
            err.println(USAGE);
            return null;
        }
    }
}
