package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DATABASE_URL as operators write it: the forms that name a PostgreSQL database, and the words for those that do not. */
class DatabaseTargetTest {
    private static final Path HOME = Path.of("/home/alice/.local/share/storefleet");
    private static final String SECRET = "s3cret-Pw";

    @Test
    void unsetOrBlankIsTheLocalH2File() {
        for (Map<String, String> env : new Map[] {Map.of(), Map.of("DATABASE_URL", ""), Map.of("DATABASE_URL", "  "),
                Map.of("DATABASE_PASSWORD", SECRET)}) {
            DatabaseTarget target = DatabaseTarget.fromEnvironment(env, HOME);
            assertFalse(target.shared(), env.toString());
            assertEquals(HOME, target.dataDirectory());
            assertNull(target.jdbcUrl());
            assertEquals(DatabaseTarget.h2(HOME), target);
            assertEquals("the local database in " + HOME, target.describe());
        }
    }

    @Test
    void theLibpqForm() {
        DatabaseTarget target = url("postgresql://alice:" + SECRET + "@db.example:6543/storefleet");
        assertTrue(target.shared());
        assertNull(target.dataDirectory());
        assertEquals("jdbc:postgresql://db.example:6543/storefleet", target.jdbcUrl());
        assertEquals("alice", target.user());
        assertEquals(SECRET, target.password());
        assertEquals("the PostgreSQL database storefleet on db.example:6543 as alice", target.describe());
    }

    @Test
    void postgresSchemeAndDefaultPortAndCaseOfTheScheme() {
        DatabaseTarget target = url("  postgres://bob@db/fleet  ");
        assertEquals("jdbc:postgresql://db:5432/fleet", target.jdbcUrl());
        assertEquals("bob", target.user());
        assertNull(target.password(), "no password: the server may trust the host");
        assertEquals(target.jdbcUrl(), url("PostgreSQL://bob@db/fleet").jdbcUrl());
    }

    @Test
    void theJdbcFormWithUserAndPasswordAsParametersKeepsTheOthers() {
        DatabaseTarget target = url("jdbc:postgresql://10.0.0.5:5432/storefleet?user=carol&sslmode=require&password="
                + SECRET + "&ApplicationName=fleet");
        assertEquals("jdbc:postgresql://10.0.0.5:5432/storefleet?sslmode=require&ApplicationName=fleet", target.jdbcUrl());
        assertEquals("carol", target.user());
        assertEquals(SECRET, target.password());
    }

    @Test
    void queryParametersOfTheLibpqFormAreKeptToo() {
        DatabaseTarget target = url("postgresql://alice:" + SECRET + "@db.example/storefleet?sslmode=verify-full&connectTimeout=3");
        assertEquals("jdbc:postgresql://db.example:5432/storefleet?sslmode=verify-full&connectTimeout=3", target.jdbcUrl());
    }

    @Test
    void userAndPasswordArePercentDecoded() {
        DatabaseTarget target = url("postgresql://ops%40acme:p%40ss%3Aw%2Frd%25+x@db:5432/store%20fleet");
        assertEquals("ops@acme", target.user());
        assertEquals("p@ss:w/rd%+x", target.password(), "a '+' is a plus, not a space");
        assertEquals("jdbc:postgresql://db:5432/store%20fleet", target.jdbcUrl());
        assertEquals("the PostgreSQL database store fleet on db:5432 as ops@acme", target.describe());
    }

    @Test
    void anUnencodedAtInThePasswordStillFindsTheHost() {
        DatabaseTarget target = url("postgresql://alice:p@ss@db:5432/storefleet");
        assertEquals("p@ss", target.password());
        assertEquals("jdbc:postgresql://db:5432/storefleet", target.jdbcUrl());
    }

    @Test
    void hostNamesWithUnderscoresAndIpv6Addresses() {
        assertEquals("jdbc:postgresql://storefleet_db:5432/fleet", url("postgres://alice@storefleet_db/fleet").jdbcUrl());
        DatabaseTarget v6 = url("postgresql://alice@[2001:db8::1]:5433/fleet");
        assertEquals("jdbc:postgresql://[2001:db8::1]:5433/fleet", v6.jdbcUrl());
        assertEquals("the PostgreSQL database fleet on [2001:db8::1]:5433 as alice", v6.describe());
    }

    @Test
    void databasePasswordWinsOverTheUrlsAndFillsInWhenItHasNone() {
        Map<String, String> env = new HashMap<>();
        env.put("DATABASE_URL", "postgresql://alice:from-url@db/storefleet");
        env.put("DATABASE_PASSWORD", SECRET);
        assertEquals(SECRET, DatabaseTarget.fromEnvironment(env, HOME).password());
        env.put("DATABASE_URL", "jdbc:postgresql://db/storefleet?user=alice");
        assertEquals(SECRET, DatabaseTarget.fromEnvironment(env, HOME).password());
        env.put("DATABASE_PASSWORD", "");
        assertNull(DatabaseTarget.fromEnvironment(env, HOME).password(), "an empty DATABASE_PASSWORD is no password");
    }

    @Test
    void thePasswordIsInNeitherDescriptionNorToStringNorJdbcUrl() {
        DatabaseTarget target = url("jdbc:postgresql://db/storefleet?user=alice&password=" + SECRET);
        for (String text : new String[] {target.describe(), target.toString(), target.jdbcUrl()}) {
            assertFalse(text.contains(SECRET), text);
        }
        Map<String, String> env = Map.of("DATABASE_URL", "postgresql://alice@db/storefleet", "DATABASE_PASSWORD", SECRET);
        assertFalse(DatabaseTarget.fromEnvironment(env, HOME).toString().contains(SECRET));
    }

    @Test
    void equalTargetsAreEqual() {
        assertEquals(url("postgresql://alice:x@db/storefleet"), url("jdbc:postgresql://db:5432/storefleet?user=alice&password=x"));
        assertNotEquals(url("postgresql://alice:x@db/storefleet"), url("postgresql://alice:y@db/storefleet"));
        assertEquals(url("postgresql://alice:x@db/storefleet").hashCode(), url("postgresql://alice:y@db/storefleet").hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "mysql://alice:" + SECRET + "@db/storefleet|must name a PostgreSQL database|starts with 'mysql:'",
        "db.example:5432/storefleet|must name a PostgreSQL database|postgresql://user:password@host:5432/storefleet",
        SECRET + "|must name a PostgreSQL database|Leave it unset for the local H2 file",
        "jdbc:postgresql:storefleet|names no host|jdbc:postgresql://host:5432/storefleet",
        "postgresql:///storefleet?user=alice|names no host|%40 for @",
        "postgresql://alice:" + SECRET + "@db.example:5432|names no database|postgresql://user:password@db.example:5432/storefleet",
        "postgresql://alice:" + SECRET + "@db.example:5432/|names no database|db.example:5432/storefleet",
        "postgresql://alice:" + SECRET + "@db/a/b|names no database|",
        "postgresql://db.example/storefleet|names no user|postgresql://user:password@db.example:5432/storefleet",
        "jdbc:postgresql://db.example/storefleet?password=" + SECRET + "|names no user|",
        "postgresql://alice:" + SECRET + "@db:54x/storefleet|the port '54x'|from 1 to 65535",
        "postgresql://alice:" + SECRET + "@db:70000/storefleet|the port '70000'|",
        "postgresql://alice:" + SECRET + "@db host/storefleet|names the host 'db host'|",
        "postgresql://alice:" + SECRET + "@db1,db2/storefleet|names the host 'db1,db2'|one host",
        "postgresql://alice:" + SECRET + "@[::1/storefleet|IPv6 address without its closing|",
        "postgresql://alice:" + SECRET + "%4@db/storefleet|broken percent-encoding|%40",
    })
    void unusableUrlsAreRefusedInWordsThatNameTheFormAndNeverThePassword(String testCase) {
        String[] parts = testCase.split("\\|", -1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> url(parts[0]));
        assertTrue(e.getMessage().startsWith("DATABASE_URL "), e.getMessage());
        assertTrue(e.getMessage().contains(parts[1]), e.getMessage());
        assertTrue(e.getMessage().contains(parts[2]), e.getMessage());
        assertTrue(e.getMessage().endsWith("."), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "the password is never repeated: " + e.getMessage());
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            assertFalse(String.valueOf(cause.getMessage()).contains(SECRET), "nor in a cause: " + cause);
        }
    }

    @Test
    void theSettingThatNamedTheUrlIsTheOneTheMessageNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatabaseTarget.of("database.url in /x/storefleet.properties", "postgresql://db/fleet", null, HOME));
        assertTrue(e.getMessage().startsWith("database.url in /x/storefleet.properties names no user"), e.getMessage());
    }

    private static DatabaseTarget url(String url) {
        return DatabaseTarget.fromEnvironment(Map.of("DATABASE_URL", url), HOME);
    }
}
