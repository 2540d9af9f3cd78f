package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second console on the same data directory gets a clear message, not a locked database. */
@Timeout(60)
class SecondConsoleTest {
    @TempDir
    Path dir;

    /** Run in a child JVM: opens the database and holds it until its stdin closes. */
    public static void main(String[] args) throws Exception {
        try (Database db = Database.open(Path.of(args[0]))) {
            System.out.println("OPEN " + db.stores().findAll().size());
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the database until the parent closes our stdin
            }
        }
    }

    @Test
    void secondProcessIsToldAnotherConsoleHasTheDirectory() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process first = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                SecondConsoleTest.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("OPEN")) {
                // skip log lines until the child says it holds the database
            }
            assertNotNull(line, "the first console did not open the database");

            StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
            assertTrue(e.getMessage().startsWith("Another Storefleet console is already using the data directory "
                    + dir.toAbsolutePath()), e.getMessage());
            assertTrue(e.getMessage().contains("STOREFLEET_HOME"), e.getMessage());
        } finally {
            first.getOutputStream().close();
            if (!first.waitFor(20, TimeUnit.SECONDS)) {
                first.destroyForcibly();
            }
        }
        // Once the first console is gone, the directory opens normally.
        try (Database db = Database.open(dir)) {
            assertTrue(db.stores().findAll().isEmpty());
        }
    }

    @Test
    void secondOpenInTheSameProcessIsRefusedToo() {
        try (Database first = Database.open(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> Database.open(dir));
            assertTrue(e.getMessage().startsWith("Another Storefleet console"), e.getMessage());
            assertNotNull(first.stores());
        }
    }
}
