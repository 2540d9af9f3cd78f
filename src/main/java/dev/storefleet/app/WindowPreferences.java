package dev.storefleet.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Window size, position, divider positions and theme, kept between runs in
 * {@code <data directory>/ui.properties} (so a separate STOREFLEET_HOME has its own).
 * A missing or damaged file just means defaults.
 */
final class WindowPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(WindowPreferences.class);

    private final Path file;
    private final Properties values = new Properties();

    WindowPreferences(Path dataDirectory) {
        this.file = dataDirectory.resolve("ui.properties");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                values.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Ignoring unreadable window preferences {}: {}", file, e.getMessage());
            }
        }
    }

    double number(String key, double fallback) {
        try {
            return Double.parseDouble(values.getProperty(key, String.valueOf(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    String text(String key, String fallback) {
        return values.getProperty(key, fallback);
    }

    void put(String key, Object value) {
        values.setProperty(key, String.valueOf(value));
    }

    void save() {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                values.store(out, "Storefleet window preferences");
            }
        } catch (IOException e) {
            LOG.warn("Could not save window preferences to {}: {}", file, e.getMessage());
        }
    }
}
