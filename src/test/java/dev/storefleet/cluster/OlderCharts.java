package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's charts as an older console carried them: a copy of {@code charts/} whose
 * WooCommerce Chart.yaml says version 0.0.9, to install stores that a console with the real
 * charts then sees behind (outdated).
 */
public final class OlderCharts {
    public static final String OLDER_WOOCOMMERCE = "0.0.9";

    private OlderCharts() {
    }

    /** Writes the copy under {@code target} and returns it. */
    public static Path copy(Path target) throws IOException {
        Path source = RealClusterAdapters.REPO_CHARTS;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = new ArrayList<>(walk.toList());
        }
        for (Path p : paths) {
            Path to = target.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(to);
            } else {
                Files.copy(p, to);
            }
        }
        Path chartYaml = target.resolve("woocommerce/Chart.yaml");
        String text = Files.readString(chartYaml);
        assertTrue(text.contains("\nversion: 0.1.0\n"), "the bundled WooCommerce chart is 0.1.0");
        Files.writeString(chartYaml, text.replace("\nversion: 0.1.0\n", "\nversion: " + OLDER_WOOCOMMERCE + "\n"));
        return target;
    }
}
