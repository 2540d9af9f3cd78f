package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
    @Test
    void storefleetHomeWins() {
        assertEquals(Path.of("/srv/sf"), DataDirectory.resolve(Map.of("STOREFLEET_HOME", "/srv/sf",
                "XDG_DATA_HOME", "/x"), "Linux", "/home/u"));
    }

    @Test
    void linuxFollowsXdg() {
        assertEquals(Path.of("/x/storefleet"), DataDirectory.resolve(Map.of("XDG_DATA_HOME", "/x"), "Linux", "/home/u"));
        assertEquals(Path.of("/home/u/.local/share/storefleet"), DataDirectory.resolve(Map.of(), "Linux", "/home/u"));
    }

    @Test
    void macAndWindows() {
        assertEquals(Path.of("/Users/u/Library/Application Support/Storefleet"),
                DataDirectory.resolve(Map.of(), "Mac OS X", "/Users/u"));
        assertEquals(Path.of("C:\\Users\\u\\AppData\\Roaming", "Storefleet"),
                DataDirectory.resolve(Map.of("APPDATA", "C:\\Users\\u\\AppData\\Roaming"), "Windows 11", "C:\\Users\\u"));
    }
}
