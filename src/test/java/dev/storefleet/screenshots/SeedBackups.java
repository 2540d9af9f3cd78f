package dev.storefleet.screenshots;

import dev.storefleet.domain.StoreType;
import dev.storefleet.persistence.ZipBackupArchives;
import dev.storefleet.service.port.BackupArchives.ArchiveWriter;
import dev.storefleet.service.port.BackupArchives.Manifest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Backups of one WooCommerce store for the README's screenshots of the Backups tab, written into
 * the app's backups folder through the real archive store while the app runs (the test cluster
 * runs no database to dump): three intact ones of different ages, sizes and reasons, and one
 * whose file is not a zip (its problem shows in the Checks column).
 *
 * <pre>java -cp … dev.storefleet.screenshots.SeedBackups &lt;backups dir&gt; &lt;store id&gt; &lt;store name&gt;</pre>
 */
public final class SeedBackups {
    private SeedBackups() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        long storeId = Long.parseLong(args[1]);
        String name = args[2];
        ZipBackupArchives archives = new ZipBackupArchives(root);
        Instant now = Instant.now();
        write(archives, storeId, name, now.minus(Duration.ofDays(2).plusHours(3)), "alice@laptop",
                "weekly, before the plugin updates", 9_800_000, 31_000_000);
        write(archives, storeId, name, now.minus(Duration.ofHours(3)), "ops@desk", "before the sale", 12_400_000,
                41_500_000);
        write(archives, storeId, name, now.minus(Duration.ofMinutes(5)), "ops@desk", "asked for in the console",
                12_900_000, 41_600_000);
        Path broken = root.resolve(String.valueOf(storeId)).resolve("20261120T090000Z-broken-4c1d.zip");
        Files.writeString(broken, "cut off when the disk filled up");
        Files.setLastModifiedTime(broken, java.nio.file.attribute.FileTime.from(now.minus(Duration.ofDays(13))));
    }

    private static void write(ZipBackupArchives archives, long storeId, String name, Instant at, String actor,
            String reason, int databaseBytes, int fileBytes) throws IOException {
        String id = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(at) + "-" + name.toLowerCase().replaceAll("[^a-z0-9]+", "-")
                + "-" + Integer.toHexString(0x1000 + (int) (at.getEpochSecond() % 0xefff));
        Manifest draft = new Manifest(id, storeId, name, StoreType.WOOCOMMERCE, "0.4.0", "8.5.2", 1, at, actor, reason,
                List.of());
        try (ArchiveWriter writer = archives.create(draft)) {
            fill(writer.part("database.sql"), databaseBytes, "INSERT INTO wp_wc_orders VALUES (…);\n");
            fill(writer.part("wp-content.tar"), fileBytes, "uploads/2026/11/product-photo.jpg\0");
            writer.commit();
        }
    }

    private static void fill(OutputStream out, int bytes, String line) throws IOException {
        byte[] chunk = line.repeat(64 * 1024 / line.length()).getBytes(StandardCharsets.UTF_8);
        try (out) {
            for (int left = bytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, Math.min(left, chunk.length));
            }
        }
    }
}
