package dev.storefleet.app;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the console keeps its database and logs: {@code STOREFLEET_HOME} if set, else the
 * platform's per-user data directory (XDG on Linux, Application Support on macOS, APPDATA
 * on Windows).
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    public static Path resolve(Map<String, String> env, String osName, String userHome) {
        String override = env.get("STOREFLEET_HOME");
        if (override != null && !override.isBlank()) {
            return Path.of(override).toAbsolutePath();
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            Path base = appData != null && !appData.isBlank() ? Path.of(appData) : Path.of(userHome, "AppData", "Roaming");
            return base.resolve("Storefleet");
        }
        if (os.contains("mac")) {
            return Path.of(userHome, "Library", "Application Support", "Storefleet");
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".local", "share");
        return base.resolve("storefleet");
    }

    public static Path forThisUser() {
        return resolve(System.getenv(), System.getProperty("os.name"), System.getProperty("user.home"));
    }
}
