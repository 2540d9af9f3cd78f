package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ClusterException;
import dev.storefleet.domain.StoreType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The charts travel inside the application and come out as files Helm can install. */
class BundledChartsTest {
    @TempDir
    Path dir;

    @Test
    void fromTheClassPathDirectoryOfABuild() throws Exception {
        BundledCharts charts = new BundledCharts(dir.resolve("unpacked"));
        Path woo = charts.chartDir(StoreType.WOOCOMMERCE);
        assertEquals(Files.readString(Path.of("charts/woocommerce/Chart.yaml")), Files.readString(woo.resolve("Chart.yaml")));
        assertTrue(Files.isRegularFile(charts.chartDir(StoreType.MEDUSA).resolve("values.schema.json")));
        assertFalse(Files.exists(dir.resolve("unpacked/medusa/image")), "the image sources stay out of the app");
        assertEquals(Files.readString(Path.of("charts/medusa/files/store/package-lock.json")),
                Files.readString(charts.chartDir(StoreType.MEDUSA).resolve("files/store/package-lock.json")),
                "the store's lockfile travels with the app: the default install mode needs it");
    }

    /** As the installed app has them: inside a jar, read through a zip file system. */
    @Test
    void fromInsideAJarAsInTheInstalledApp() throws Exception {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("charts/"));
            out.putNextEntry(new JarEntry("charts/woocommerce/"));
            out.putNextEntry(new JarEntry("charts/woocommerce/Chart.yaml"));
            out.write("apiVersion: v2\nname: woocommerce\nversion: 9.9.9\n".getBytes());
            out.putNextEntry(new JarEntry("charts/woocommerce/templates/"));
            out.putNextEntry(new JarEntry("charts/woocommerce/templates/a.yaml"));
            out.write("kind: ConfigMap\n".getBytes());
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path stale = Files.createDirectories(dir.resolve("unpacked/woocommerce/templates"));
            Files.writeString(stale.resolve("old.yaml"), "left by an older console");
            BundledCharts charts = new BundledCharts(dir.resolve("unpacked"), loader);
            Path woo = charts.chartDir(StoreType.WOOCOMMERCE);
            assertTrue(Files.readString(woo.resolve("Chart.yaml")).contains("version: 9.9.9"));
            assertEquals("kind: ConfigMap\n", Files.readString(woo.resolve("templates/a.yaml")));
            assertFalse(Files.exists(woo.resolve("templates/old.yaml")), "a stale chart never lingers");
            ClusterException missing = assertThrows(ClusterException.class, () -> charts.chartDir(StoreType.MEDUSA));
            assertTrue(missing.getMessage().contains("medusa chart is missing"), missing.getMessage());
        }
    }
}
