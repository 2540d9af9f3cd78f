package dev.storefleet.app;

import dev.storefleet.service.EngineSettings;
import dev.storefleet.service.TeamSettings;
import dev.storefleet.persistence.DatabaseTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * What the console reads from its environment at start, with defaults that work on a laptop
 * pointed at k3s. A value that cannot be read stops the start with a message naming it.
 *
 * <pre>
 * STOREFLEET_HOME            data directory (database, logs, unpacked charts)
 * STOREFLEET_CONTEXT         kubeconfig context (default: the kubeconfig's current context)
 * STOREFLEET_BASE_DOMAIN     stores are served at &lt;slug&gt;.&lt;domain&gt; (default: localhost)
 * STOREFLEET_INGRESS_CLASS   default: traefik (k3s)
 * STOREFLEET_MAX_IN_FLIGHT   stores provisioned at once (default: 2)
 * STOREFLEET_READY_TIMEOUT   seconds a store may take to become ready (default: 600)
 * STOREFLEET_BACKUP_DIR      where store backups go (default: &lt;data directory&gt;/backups)
 * DATABASE_URL               a PostgreSQL database several consoles share (postgresql://user:pass@host:5432/db
 *                            or jdbc:postgresql://…); also database.url in &lt;data directory&gt;/storefleet.properties.
 *                            Unset: the local H2 file.
 * DATABASE_PASSWORD          its password, when not in the URL
 * STOREFLEET_LEASE_SECONDS   a store operation's lease on a shared database (default: 30): how soon
 *                            another console settles the stores of one that died
 * </pre>
 */
public record Settings(Path dataDirectory, String context, EngineSettings engine, DatabaseTarget database,
        Path backupDirectory) {
    /** The console's own settings file in its data directory (key {@code database.url}). */
    static final String SETTINGS_FILE = "storefleet.properties";
    /** The key of {@code DATABASE_URL} in {@value #SETTINGS_FILE}. */
    static final String DATABASE_URL_KEY = "database.url";

    public static Settings fromEnvironment(Map<String, String> env, String osName, String userHome) {
        EngineSettings defaults = EngineSettings.DEFAULTS;
        EngineSettings engine = new EngineSettings(
                intValue(env, "STOREFLEET_MAX_IN_FLIGHT", defaults.maxInFlight(), 1, 32),
                Duration.ofSeconds(intValue(env, "STOREFLEET_READY_TIMEOUT", (int) defaults.readyTimeout().toSeconds(),
                        10, 86_400)),
                defaults.deleteTimeout(),
                text(env, "STOREFLEET_BASE_DOMAIN", defaults.baseDomain()),
                text(env, "STOREFLEET_INGRESS_CLASS", defaults.ingressClass()));
        String context = env.get("STOREFLEET_CONTEXT");
        Path dataDirectory = DataDirectory.resolve(env, osName, userHome);
        String backups = env.get("STOREFLEET_BACKUP_DIR");
        return new Settings(dataDirectory, context == null || context.isBlank() ? null : context.strip(), engine,
                database(env, dataDirectory), backups == null || backups.isBlank() ? dataDirectory.resolve("backups")
                        : Path.of(backups.strip()).toAbsolutePath());
    }

    /**
     * {@code DATABASE_URL} from the environment or, when it is unset, {@code database.url} from the
     * data directory's {@value #SETTINGS_FILE}; the H2 file when neither names one.
     */
    static DatabaseTarget database(Map<String, String> env, Path dataDirectory) {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return DatabaseTarget.fromEnvironment(env, dataDirectory);
        }
        return DatabaseTarget.of(DATABASE_URL_KEY + " in " + dataDirectory.resolve(SETTINGS_FILE),
                fileSetting(dataDirectory, DATABASE_URL_KEY), env.get("DATABASE_PASSWORD"), dataDirectory);
    }

    private static String fileSetting(Path dataDirectory, String key) {
        Path file = dataDirectory.resolve(SETTINGS_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read " + file + " (" + e.getMessage() + "): fix or remove it.", e);
        }
        return properties.getProperty(key);
    }

    /** The knobs of several consoles on one database. */
    public static TeamSettings team(Map<String, String> env) {
        String lease = env.get("STOREFLEET_LEASE_SECONDS");
        return lease == null || lease.isBlank() ? TeamSettings.DEFAULTS
                : TeamSettings.withLease(intValue(env, "STOREFLEET_LEASE_SECONDS", 30, 2, 3600));
    }

    public static Settings forThisUser() {
        return fromEnvironment(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    private static int intValue(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }
}
