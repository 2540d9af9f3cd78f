package dev.storefleet.persistence;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final List<String> SCHEMES = List.of("jdbc:postgresql://", "postgresql://", "postgres://");
    private static final String FORM = "postgresql://user:password@host:5432/storefleet";
    private static final String JDBC_FORM = "jdbc:postgresql://host:5432/storefleet?user=…&password=…";
    /** A URL's scheme, quoted back only when followed by "//": anything else may be a pasted password. */
    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,20}:(?=//)");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");

    private final Path dataDirectory;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String described;
    private final String setting;

    private DatabaseTarget(Path dataDirectory, String jdbcUrl, String user, String password, String described,
            String setting) {
        this.dataDirectory = dataDirectory;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.described = described;
        this.setting = setting;
    }

    /** The local H2 file under {@code dataDirectory}. */
    public static DatabaseTarget h2(Path dataDirectory) {
        Path dir = dataDirectory.toAbsolutePath();
        return new DatabaseTarget(dir, null, null, null, "the local database in " + dir, null);
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
        return of("DATABASE_URL", url, passwordOverride, dataDirectory);
    }

    /**
     * The same, with {@code setting} naming where the URL was found ("DATABASE_URL", or a key of a
     * settings file) in the error messages.
     */
    public static DatabaseTarget of(String setting, String url, String passwordOverride, Path dataDirectory) {
        if (url == null || url.isBlank()) {
            return h2(dataDirectory);
        }
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        for (String scheme : SCHEMES) {
            if (lower.startsWith(scheme)) {
                return postgres(new Problems(setting), text.substring(scheme.length()), blankToNull(passwordOverride));
            }
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            throw new Problems(setting).wrong("names no host", JDBC_FORM);
        }
        Matcher scheme = SCHEME.matcher(text);
        throw new IllegalArgumentException(setting + " must name a PostgreSQL database, as " + FORM + " or "
                + JDBC_FORM + (scheme.lookingAt() ? "; it starts with '" + scheme.group() + "'" : "")
                + ". Leave it unset for the local H2 file.");
    }

    /**
     * {@code [user[:password]@]host[:port]/database[?param=value&…]}, read by hand rather than by
     * java.net.URI, which refuses host names with an underscore (docker compose's, for one) and
     * quotes the whole input, password included, in its errors.
     */
    private static DatabaseTarget postgres(Problems problems, String rest, String passwordOverride) {
        int fragment = rest.indexOf('#');
        String withoutFragment = fragment < 0 ? rest : rest.substring(0, fragment);
        int query = withoutFragment.indexOf('?');
        String beforeQuery = query < 0 ? withoutFragment : withoutFragment.substring(0, query);
        String rawQuery = query < 0 ? null : withoutFragment.substring(query + 1);
        int at = beforeQuery.lastIndexOf('@');
        String userInfo = at < 0 ? null : beforeQuery.substring(0, at);
        String hostAndPath = beforeQuery.substring(at + 1);
        int slash = hostAndPath.indexOf('/');
        String hostPort = slash < 0 ? hostAndPath : hostAndPath.substring(0, slash);
        String rawDatabase = slash < 0 ? "" : hostAndPath.substring(slash + 1);

        String[] hostAndPortText = splitHostPort(problems, hostPort);
        String host = hostAndPortText[0];
        int port = port(problems, hostAndPortText[1]);
        String database = decode(problems, rawDatabase);
        if (database.isBlank() || database.contains("/")) {
            throw problems.wrong("names no database", FORM.replace("host:5432", host + ":" + port));
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(problems, colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(problems, userInfo.substring(colon + 1));
        }
        List<String> kept = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String param : rawQuery.split("&")) {
                int eq = param.indexOf('=');
                String name = decode(problems, eq < 0 ? param : param.substring(0, eq));
                String value = eq < 0 ? "" : decode(problems, param.substring(eq + 1));
                switch (name) {
                    case "user" -> user = value;
                    case "password" -> password = value;
                    case "" -> { } // a stray '&'
                    default -> kept.add(param); // sslmode, options, …: the driver's own
                }
            }
        }
        if (user == null || user.isBlank()) {
            throw problems.wrong("names no user", "postgresql://user:password@" + host + ":" + port + "/" + database);
        }
        if (passwordOverride != null) {
            password = passwordOverride;
        }
        String jdbc = "jdbc:postgresql://" + host + ":" + port + "/" + encodePath(database)
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new DatabaseTarget(null, jdbc, user, password,
                "the PostgreSQL database " + database + " on " + host + ":" + port + " as " + user, problems.setting());
    }

    /** The host (an IPv6 address kept in its brackets) and the port's text, null when none is given. */
    private static String[] splitHostPort(Problems problems, String hostPort) {
        String host;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw problems.wrong("has an IPv6 address without its closing ']'", "postgresql://user:password@[::1]:5432/storefleet");
            }
            host = hostPort.substring(0, close + 1);
            String after = hostPort.substring(close + 1);
            if (after.startsWith(":")) {
                port = after.substring(1);
            } else if (!after.isEmpty()) {
                throw problems.wrong("has something after the IPv6 address that is not a port", FORM);
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw problems.wrong("names no host", FORM + ", with special characters in the user or password"
                    + " percent-encoded (%40 for @, %2F for /, %3F for ?)");
        }
        if (!host.startsWith("[") && !HOST.matcher(host).matches()) {
            throw problems.wrong("names the host '" + host + "', which is not a host name or address (one host;"
                    + " letters, digits, '.', '-' and '_')", FORM);
        }
        return new String[] {host, port};
    }

    private static int port(Problems problems, String text) {
        if (text == null || text.isEmpty()) {
            return PG_PORT;
        }
        if (text.matches("\\d{1,5}")) {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65_535) {
                return port;
            }
        }
        throw problems.wrong("has the port '" + text + "', which is not a number from 1 to 65535", FORM);
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

    /** Where the URL was read ("DATABASE_URL", "database.url in …/storefleet.properties"); null for the H2 file. */
    public String setting() {
        return setting;
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

    private static String decode(Problems problems, String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw problems.wrong("has a broken percent-encoding (% must be followed by two hex digits)",
                    "postgresql://user:p%40ss@host:5432/storefleet for the password p@ss");
        }
    }

    /** Where the URL came from, for messages that say what is wrong with it and what form is expected. */
    private record Problems(String setting) {
        IllegalArgumentException wrong(String what, String expected) {
            return new IllegalArgumentException(setting + " " + what + ": write it as " + expected + ".");
        }
    }

    private static String encodePath(String database) {
        return URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
