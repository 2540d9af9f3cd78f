package dev.storefleet.service;

import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.service.port.StoreExec.ExecTarget;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commands a backup, a restore and a clone run inside a store's containers (through
 * {@link dev.storefleet.service.port.StoreExec}), as the charts under charts/ lay the containers out.
 * Pure: it only builds argv.
 *
 * <p>No secret passes through the console: each command is {@code sh -c} run <em>in the container</em>,
 * reading the passwords from the container's own environment (the chart fills it from the release's
 * auth Secret). The clients connect through the server's local socket, so no host is named; the tests
 * point the same argv at their servers with the clients' own environment (MYSQL_UNIX_PORT, PGHOST).
 */
public final class BackupCommands {

    /** The WooCommerce chart's database StatefulSet: component label and container (templates/mariadb.yaml). */
    public static final ExecTarget MARIADB = new ExecTarget("database", "mariadb");
    /** The WooCommerce chart's WordPress Deployment (templates/wordpress.yaml). */
    public static final ExecTarget WORDPRESS = new ExecTarget("wordpress", "wordpress");
    /** The Medusa chart's database StatefulSet (templates/postgresql.yaml). */
    public static final ExecTarget POSTGRESQL = new ExecTarget("database", "postgresql");

    /**
     * WordPress's table prefix. The chart sets no WORDPRESS_TABLE_PREFIX, so the image's
     * wp-config-docker.php uses its default.
     */
    public static final String WORDPRESS_TABLE_PREFIX = "wp_";
    /** Where the chart mounts the wp-content volume: the WordPress root of the official image. */
    public static final String WORDPRESS_ROOT = "/var/www/html";

    /** The last line mariadb-dump writes, only when the dump finished. */
    static final String MARIADB_DUMP_COMPLETED = "-- Dump completed";

    /** The database password as the client reads it from its environment, so it is never in an argv. */
    private static final String MARIADB_ROOT = "MYSQL_PWD=\"$MARIADB_ROOT_PASSWORD\"";
    private static final String POSTGRES_LOGIN = "PGPASSWORD=\"$POSTGRES_PASSWORD\"";

    /** An http(s) URL of letters, digits and {@code .-_~/} only: nothing a shell or SQL could read as syntax. */
    private static final Pattern SITE_URL = Pattern.compile(
            "https?://[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?(/[A-Za-z0-9._~-]+)*");
    private static final int MAX_URL_LENGTH = 2000;

    private BackupCommands() {
    }

    /** One command: where it runs and its argv. */
    public record Command(ExecTarget target, List<String> argv) {
        public Command {
            argv = List.copyOf(argv);
        }
    }

    /**
     * What backs up and restores one type of store. The database dump writes to standard output,
     * its restore reads it from standard input; likewise the files (a tar), when the store has
     * files outside its database.
     */
    public record StoreCommands(Command databaseDump, Command databaseRestore, Optional<Command> filesDump,
            Optional<Command> filesRestore) {
    }

    /** The commands of a store of {@code type}. */
    public static StoreCommands of(StoreType type) {
        return switch (type) {
            case WOOCOMMERCE -> new StoreCommands(mariadbDump(), mariadbRestore(),
                    Optional.of(inShell(WORDPRESS, "exec tar -C " + WORDPRESS_ROOT + " -cf - wp-content")),
                    // --no-overwrite-dir: wp-content itself is the volume's mount point, whose owner
                    // and mode are the cluster's; tar only fills it.
                    Optional.of(inShell(WORDPRESS, "exec tar -C " + WORDPRESS_ROOT + " --no-overwrite-dir -xf -")));
            case MEDUSA -> new StoreCommands(postgresDump(), postgresRestore(), Optional.empty(), Optional.empty());
        };
    }

    /**
     * The clone step of a WooCommerce store: sets WordPress's {@code home} and {@code siteurl}
     * options to {@code newUrl}, nothing else; fails when the database has not both. The URL must be a plain http(s) URL (lower-case
     * host, optional port and path, no trailing slash, no query); it reaches SQL as a hex literal
     * and the shell only as a positional parameter, so neither ever parses it.
     *
     * @throws ValidationException (field {@code url}) for anything else
     */
    public static Command wooCommerceSiteUrl(String newUrl) {
        if (newUrl == null || newUrl.length() > MAX_URL_LENGTH || !SITE_URL.matcher(newUrl).matches()) {
            throw ValidationException.of("url", "The new store URL must look like https://shop.example.com"
                    + " (http or https, a lower-case host, optional port and path, no trailing slash, no query).");
        }
        String options = WORDPRESS_TABLE_PREFIX + "options";
        String which = " WHERE option_name IN ('home', 'siteurl')";
        // One compound statement (its own delimiter, since it holds semicolons), so a database
        // without the two options fails the step instead of updating nothing.
        String sql = "DELIMITER //\nBEGIN NOT ATOMIC\n"
                + "  IF (SELECT COUNT(*) FROM " + options + which + ") <> 2 THEN\n"
                + "    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '" + options + " holds no home and siteurl: not a WordPress database';\n"
                + "  END IF;\n"
                + "  UPDATE " + options + " SET option_value = CONVERT(X'"
                + HexFormat.of().formatHex(newUrl.getBytes(StandardCharsets.UTF_8)) + "' USING utf8mb4)" + which + ";\n"
                + "END //";
        return new Command(MARIADB, List.of("sh", "-c",
                MARIADB_ROOT + " exec mariadb -uroot \"$MARIADB_DATABASE\" -e \"$1\"", "sh", sql));
    }

    private static Command mariadbDump() {
        // --single-transaction: a consistent InnoDB snapshot without locking the store; --quick streams
        // rows instead of buffering tables; --hex-blob keeps binary columns byte for byte. One database
        // named without --databases: no CREATE DATABASE/USE, so the dump restores into any database.
        return inShell(MARIADB, MARIADB_ROOT + " exec mariadb-dump -uroot --single-transaction --quick --routines --triggers"
                + " --hex-blob --default-character-set=utf8mb4 \"$MARIADB_DATABASE\"");
    }

    /**
     * The mariadb client applies a dump cut at a statement's end without complaint; so the dump
     * goes through awk, which fails unless its last line is the one mariadb-dump writes when it
     * finished, and the command fails if either the client or awk did (POSIX sh has no pipefail:
     * awk's status comes back on descriptor 3).
     */
    private static Command mariadbRestore() {
        String awk = "awk 'NF { done = index($0, \"" + MARIADB_DUMP_COMPLETED + "\") == 1 } { print } END { exit done ? 0 : 3 }'";
        return inShell(MARIADB, "complete=$( { { " + awk + "; echo $? >&3; } | " + MARIADB_ROOT
                + " mariadb -uroot \"$MARIADB_DATABASE\" >&2; } 3>&1 ) || exit\n"
                + "[ \"$complete\" = 0 ] || { echo 'the dump is incomplete: it does not end with \""
                + MARIADB_DUMP_COMPLETED + "\"' >&2; exit 3; }");
    }

    private static Command postgresDump() {
        // -Fc: compressed, and pg_restore can clean what it restores. The official image trusts its
        // local socket; PGPASSWORD serves a server that asks all the same.
        return inShell(POSTGRESQL, POSTGRES_LOGIN + " exec pg_dump -Fc -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"");
    }

    /** One transaction: a damaged or cut dump leaves the database as it was. */
    private static Command postgresRestore() {
        return inShell(POSTGRESQL, POSTGRES_LOGIN + " exec pg_restore --clean --if-exists --no-owner --no-acl"
                + " --single-transaction --exit-on-error -U \"$POSTGRES_USER\" -d \"$POSTGRES_DB\"");
    }

    /** A script for the container's shell (never the operator's). */
    private static Command inShell(ExecTarget target, String script) {
        return new Command(target, List.of("sh", "-c", script));
    }
}
