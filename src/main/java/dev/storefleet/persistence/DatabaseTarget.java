package dev.storefleet.persistence;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which database a console keeps its state in: the local H2 file in its data directory (the
 * default), or a PostgreSQL database several consoles share, named by {@code DATABASE_URL} in
 * the forms {@code postgresql://user:pass@host:port/db} (also {@code postgres://}) and
 * {@code jdbc:postgresql://host:port/db?user=…&password=…}; {@code DATABASE_PASSWORD}, when set,
 * gives the password. Its {@link #toString()} and {@link #describe()} never contain the password.
 */
public final class DatabaseTarget {
    /** The default PostgreSQL port, when the URL names none. */
    private static final int PG_PORT = 5432;

    private final Path dataDirectory;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String described;

    private DatabaseTarget(Path dataDirectory, String jdbcUrl, String user, String password, String described) {
        this.dataDirectory = dataDirectory;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.described = described;
    }

    /** The local H2 file under {@code dataDirectory}. */
    public static DatabaseTarget h2(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath();
        return new DatabaseTarget(dir, null, null, null, "the local database in " + dir);
    }

    /** From {@code DATABASE_URL} and {@code DATABASE_PASSWORD}; the H2 file when no URL is set. */
    public static DatabaseTarget fromEnvironment(Map<String, String> env, Path dataDirectory) {
        return of(env.get("DATABASE_URL"), env.get("DATABASE_PASSWORD"), dataDirectory);
    }

    /**
     * From a URL (null or blank: the H2 file) and a password that, when given, wins over the
     * URL's. A URL that cannot be used is an IllegalArgumentException saying why, in words that
     * never repeat the password.
     */
    public static DatabaseTarget of(String url, String passwordOverride, Path dataDirectory) {
        if (url == null || url.isBlank()) {
            return h2(dataDirectory);
        }
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = text.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = text.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = text.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException("DATABASE_URL must name a PostgreSQL database, as"
                    + " postgresql://user:password@host:5432/storefleet or jdbc:postgresql://host:5432/storefleet?user=…;"
                    + " it starts with '" + scheme(text) + "'. Leave it unset for the local H2 file.");
        }
        return postgres(rest, blankToNull(passwordOverride));
    }

    private static DatabaseTarget postgres(String rest, String passwordOverride) {
        URI uri;
        try {
            uri = new URI("postgresql://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a valid URL (" + withoutSecrets(e.getReason())
                    + "). Write it as postgresql://user:password@host:5432/storefleet, with special characters"
                    + " in the user or password percent-encoded (%40 for @).", e);
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL names no host: write it as"
                    + " postgresql://user:password@host:5432/storefleet, with special characters in the user or"
                    + " password percent-encoded (%40 for @, %3A for :).");
        }
        int port = uri.getPort() < 0 ? PG_PORT : uri.getPort();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String database = decode(path.startsWith("/") ? path.substring(1) : path);
        if (database.isBlank() || database.contains("/")) {
            throw new IllegalArgumentException("DATABASE_URL names no database: write it as"
                    + " postgresql://user:password@" + host + ":" + port + "/storefleet.");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String param : uri.getRawQuery().split("&")) {
                int eq = param.indexOf('=');
                String name = decode(eq < 0 ? param : param.substring(0, eq));
                String value = eq < 0 ? "" : decode(param.substring(eq + 1));
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    default -> kept.add(param); // sslmode, options, …: the driver's own
                }
            }
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("DATABASE_URL names no user: write it as"
                    + " postgresql://user:password@" + host + ":" + port + "/" + database + ".");
        }
        if (passwordOverride != null) {
            password = passwordOverride;
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        String jdbc = "jdbc:postgresql://" + hostPart + ":" + port + "/" + encodePath(database)
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new DatabaseTarget(null, jdbc, user, password,
                "the PostgreSQL database " + database + " on " + hostPart + ":" + port + " as " + user);
    }

    /** True when several consoles may use the database at once (PostgreSQL); false for the H2 file. */
    public boolean shared() {
        return jdbcUrl != null;
    }

    /** The H2 file's directory; null for PostgreSQL. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** PostgreSQL's JDBC URL, without user or password; null for the H2 file. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** PostgreSQL's user; null for the H2 file. */
    public String user() {
        return user;
    }

    /** PostgreSQL's password (null when none is given): for the driver only, never for a log. */
    String password() {
        return password;
    }

    /** For the operator and the log, without the password: "the PostgreSQL database storefleet on db:5432 as alice". */
    public String describe() {
        return described;
    }

    @Override
    public String toString() {
        return described;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseTarget t && Objects.equals(dataDirectory, t.dataDirectory)
                && Objects.equals(jdbcUrl, t.jdbcUrl) && Objects.equals(user, t.user) && Objects.equals(password, t.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataDirectory, jdbcUrl, user);
    }

    private static String scheme(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? (text.length() > 12 ? text.substring(0, 12) + "…" : text) : text.substring(0, colon + 1);
    }

    /** A URISyntaxException's reason quotes the input, password included: only its first words are kept. */
    private static String withoutSecrets(String reason) {
        int colon = reason == null ? -1 : reason.indexOf(':');
        return reason == null ? "malformed" : colon < 0 ? reason : reason.substring(0, colon);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL has a broken percent-encoding (% must be followed by"
                    + " two hex digits, as %40 for @).", e);
        }
    }

    private static String encodePath(String database) {
        return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
