package dev.storefleet.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a bearer token may do, the {@code role} claim of its JWT. The roles are ordered, each
 * allowed everything the one before it is: a viewer reads, an operator also changes stores (creates,
 * retries, re-provisions, upgrades, places orders, verifies), an admin also deletes and rolls back.
 * Which role each route needs is declared beside the route, in its {@code *Routes} table.
 */
public enum Role {
    VIEWER,
    OPERATOR,
    ADMIN;

    /** The word in tokens, on the command line and in messages: {@code operator}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a token of this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /**
     * The role {@code text} names, in any ASCII case.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role of(String text) {
        String wanted = text == null ? "" : text.strip();
        for (Role role : values()) {
            if (role.word().equalsIgnoreCase(wanted) && wanted.chars().allMatch(c -> c < 128)) {
                return role;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a role; the roles are " + words() + ".");
    }

    /** {@code viewer, operator, admin}. */
    public static String words() {
        return Arrays.stream(values()).map(Role::word).collect(Collectors.joining(", "));
    }
}
