package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.persistence.DatabaseTarget;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which database the console opens: DATABASE_URL, else database.url of the data directory's storefleet.properties, else the H2 file. */
class SettingsDatabaseTest {
    @TempDir
    Path home;

    @Test
    void withoutEitherTheH2FileOfTheDataDirectory() {
        Settings settings = settings(Map.of());
        assertFalse(settings.database().shared());
        assertEquals(DatabaseTarget.h2(home), settings.database());
    }

    @Test
    void theEnvironmentNamesThePostgresDatabase() {
        Settings settings = settings(Map.of("DATABASE_URL", "postgresql://alice@db.example/fleet", "DATABASE_PASSWORD", "pw"));
        assertTrue(settings.database().shared());
        assertEquals("the PostgreSQL database fleet on db.example:5432 as alice", settings.database().describe());
        assertEquals(home, settings.dataDirectory(), "logs and charts stay in the data directory");
    }

    @Test
    void theSettingsFileNamesItWhenTheEnvironmentDoesNot() throws Exception {
        Files.writeString(home.resolve("storefleet.properties"), "# team database\ndatabase.url = postgresql://bob@team-db:5433/fleet\n",
                StandardCharsets.UTF_8);
        assertEquals("the PostgreSQL database fleet on team-db:5433 as bob", settings(Map.of()).database().describe());
        assertEquals(DatabaseTarget.of("postgresql://bob:pw@team-db:5433/fleet", null, null),
                settings(Map.of("DATABASE_PASSWORD", "pw")).database(), "DATABASE_PASSWORD fills in the file's URL");
        assertEquals("the PostgreSQL database other on db:5432 as carol",
                settings(Map.of("DATABASE_URL", "postgres://carol@db/other")).database().describe(), "the environment wins");
    }

    @Test
    void aFileWithoutTheKeyIsTheH2File() throws Exception {
        Files.writeString(home.resolve("storefleet.properties"), "something.else=1\n", StandardCharsets.UTF_8);
        assertFalse(settings(Map.of()).database().shared());
    }

    @Test
    void aWrongUrlInTheFileIsToldAsTheFilesSetting() throws Exception {
        Files.writeString(home.resolve("storefleet.properties"), "database.url=mysql://x@db/fleet\n", StandardCharsets.UTF_8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of()));
        assertTrue(e.getMessage().startsWith("database.url in " + home.resolve("storefleet.properties")
                + " must name a PostgreSQL database"), e.getMessage());
    }

    @Test
    void aWrongUrlInTheEnvironmentIsToldAsDatabaseUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("DATABASE_URL", "postgresql://db/fleet")));
        assertTrue(e.getMessage().startsWith("DATABASE_URL names no user"), e.getMessage());
    }

    private Settings settings(Map<String, String> env) {
        Map<String, String> withHome = new java.util.HashMap<>(env);
        withHome.put("STOREFLEET_HOME", home.toString());
        return Settings.fromEnvironment(withHome, "Linux", "/nonexistent");
    }
}
