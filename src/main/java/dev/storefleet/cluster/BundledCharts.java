package dev.storefleet.cluster;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.StoreType;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The charts that travel inside the application (copied from {@code charts/} into the jar at
 * build time). Helm needs them as files, so on first use they are copied to a directory of
 * the data directory, fresh each run so an upgraded console never installs a stale chart.
 */
public final class BundledCharts {
    private static final String ROOT = "charts";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path target;
    private final ClassLoader classLoader;
    private volatile boolean extracted;
    /** Read once: the bundled charts do not change while the console runs. */
    private final Map<StoreType, ChartVersion> versions = new java.util.concurrent.ConcurrentHashMap<>();

    /** Charts from the application's class path, unpacked to {@code target} on first use. */
    public BundledCharts(Path target) {
        this(target, BundledCharts.class.getClassLoader());
    }

    BundledCharts(Path target, ClassLoader classLoader) {
        this.target = target;
        this.classLoader = classLoader;
    }

    private BundledCharts(Path directory, boolean inPlace) {
        this.target = directory;
        this.classLoader = null;
        this.extracted = inPlace;
    }

    /** Charts used where they are (a source checkout's {@code charts/}), nothing copied. */
    public static BundledCharts inDirectory(Path directory) {
        return new BundledCharts(directory, true);
    }

    public Path chartDir(StoreType type) {
        extractOnce();
        Path chart = target.resolve(type.chartName());
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new ClusterException("The " + type.chartName() + " chart is missing from this build of the"
                    + " console (expected " + chart.resolve("Chart.yaml") + "). Reinstall the console.");
        }
        return chart;
    }

    /** The name, version and app version in the bundled chart's Chart.yaml. */
    public ChartVersion version(StoreType type) {
        return versions.computeIfAbsent(type, this::readVersion);
    }

    private ChartVersion readVersion(StoreType type) {
        Path chartYaml = chartDir(type).resolve("Chart.yaml");
        try {
            JsonNode chart = YAML.readTree(Files.readString(chartYaml));
            JsonNode appVersion = chart.path("appVersion");
            return new ChartVersion(chart.path("name").asString(type.chartName()), chart.path("version").asString(),
                    appVersion.isMissingNode() || appVersion.isNull() ? null : appVersion.asString());
        } catch (IOException | RuntimeException e) {
            throw new ClusterException("Cannot read the version of the bundled " + type.chartName() + " chart from "
                    + chartYaml + ": " + e.getMessage() + ". Reinstall the console.", e);
        }
    }

    private synchronized void extractOnce() {
        if (extracted) {
            return;
        }
        URL url = classLoader.getResource(ROOT);
        if (url == null) {
            throw new ClusterException("This build of the console carries no charts. Reinstall the console.");
        }
        try {
            URI uri = url.toURI();
            deleteTree(target);
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copyTree(jar.getPath(ROOT), target);
                }
            } else {
                copyTree(Path.of(uri), target);
            }
            extracted = true;
        } catch (IOException | URISyntaxException e) {
            throw new ClusterException("Cannot unpack the bundled charts to " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path dest = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(source, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
