package dev.storefleet.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.StoreType;
import dev.storefleet.service.port.BackupArchives.ArchiveReader;
import dev.storefleet.service.port.BackupArchives.ArchiveWriter;
import dev.storefleet.service.port.BackupArchives.Listed;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.BackupArchives.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real archives in a temporary folder: written, listed, damaged on the disk, opened, deleted. */
class ZipBackupArchivesTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T08:30:00.123456Z");
    private static final long STORE = 7;

    @TempDir
    Path root;

    @Test
    void partsComeBackWithTheSizesAndChecksumsComputedWhileWriting() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        byte[] dump = randomBytes(3 * 1024 * 1024 + 17, 1);
        byte[] files = "wp-content/uploads/a.png\n".repeat(2000).getBytes(StandardCharsets.UTF_8);

        Manifest committed = write(archives, manifest("b-1", STORE, CREATED), "database.dump", dump, "files.tar", files);

        List<Part> expected = List.of(new Part("database.dump", dump.length, sha256(dump)),
                new Part("files.tar", files.length, sha256(files)));
        assertEquals(expected, committed.parts());
        Listed listed = archives.find("b-1").orElseThrow();
        assertNull(listed.problem());
        assertEquals(committed, listed.manifest());
        assertEquals(List.of(listed), archives.list(STORE));
        assertEquals(Files.size(Path.of(listed.location())), listed.fileBytes());
        try (ArchiveReader reader = archives.open("b-1")) {
            assertEquals(committed, reader.manifest());
            assertArrayEquals(dump, readAll(reader, "database.dump"));
            assertArrayEquals(files, readAll(reader, "files.tar"));
            IOException unknown = assertThrows(IOException.class, () -> reader.part("other.tar"));
            assertEquals("backup b-1 has no part other.tar", unknown.getMessage());
        }
        try (ZipFile zip = new ZipFile(listed.location())) {
            List<String> order = zip.stream().map(ZipEntry::getName).toList();
            assertEquals(List.of("database.dump", "files.tar", "manifest.json"), order);
            String json = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"type\" : \"MEDUSA\""), json);
            assertTrue(json.contains("\"createdAt\" : \"2026-12-01T08:30:00.123456Z\""), json);
            assertTrue(json.contains("\"sha256\" : \"" + sha256(dump) + "\""), json);
        }
    }

    @Test
    void aFlippedByteInAPartIsListedAsDamagedOnceTheFileChangedAndAlwaysRefusedByOpen() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        byte[] dump = randomBytes(2 * 1024 * 1024, 2);
        write(archives, manifest("b-flip", STORE, CREATED), "database.dump", dump, "files.tar", new byte[] {1, 2, 3});
        Path file = Path.of(archives.find("b-flip").orElseThrow().location());
        assertNull(archives.list(STORE).get(0).problem(), "every checksum matches");

        // .dump parts are stored uncompressed: the part's bytes are in the file as they are
        byte[] onDisk = Files.readAllBytes(file);
        int at = indexOf(onDisk, Arrays.copyOfRange(dump, 1_000_000, 1_000_032)) + 16;
        onDisk[at] ^= 0x40;
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        Files.write(file, onDisk);

        String expected = "part database.dump does not match its checksum (expected " + sha256(dump) + ", found ";
        List<Listed> listed = archives.list(STORE);
        assertEquals(1, listed.size());
        assertTrue(listed.get(0).problem().startsWith(expected), listed.get(0).problem());
        assertFalse(listed.get(0).intact());
        IOException refused = assertThrows(IOException.class, () -> archives.open("b-flip"));
        assertTrue(refused.getMessage().startsWith("backup b-flip is damaged: " + expected), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("; it cannot be restored"), refused.getMessage());

        // A listing remembers its verdict for the file as it was (size and time): the same bytes
        // changed under an unchanged time are not re-hashed by a listing, but open reads them again.
        ZipBackupArchives fresh = new ZipBackupArchives(root);
        onDisk[at] ^= 0x40;
        Files.write(file, onDisk);
        Files.setLastModifiedTime(file, written);
        assertNull(fresh.list(STORE).get(0).problem(), "the original bytes again");
        onDisk[at] ^= 0x40;
        Files.write(file, onDisk);
        Files.setLastModifiedTime(file, written);
        assertNull(fresh.list(STORE).get(0).problem(), "remembered for this size and time");
        assertThrows(IOException.class, () -> fresh.open("b-flip"));
    }

    @Test
    void garbageTruncatedOrManifestlessFilesAreListedWithAProblemAndNotRestorable() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        write(archives, manifest("b-cut", STORE, CREATED), "database.dump", randomBytes(300_000, 3));
        Path cut = Path.of(archives.find("b-cut").orElseThrow().location());
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path storeFolder = cut.getParent();
        Files.write(storeFolder.resolve("b-junk.zip"), randomBytes(5000, 4));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(storeFolder.resolve("b-bare.zip")))) {
            zip.putNextEntry(new ZipEntry("database.dump"));
            zip.write(new byte[] {9, 9, 9});
        }

        List<Listed> listed = archives.list(STORE);
        assertEquals(3, listed.size());
        for (Listed one : listed) {
            assertFalse(one.intact(), one.manifest().backupId());
            assertEquals(STORE, one.manifest().storeId());
            IOException refused = assertThrows(IOException.class, () -> archives.open(one.manifest().backupId()));
            assertTrue(refused.getMessage().startsWith("backup " + one.manifest().backupId() + " is damaged: "), refused.getMessage());
        }
        assertTrue(archives.find("b-junk").orElseThrow().problem().startsWith("it is not a readable zip archive"));
        assertEquals("it has no manifest.json", archives.find("b-bare").orElseThrow().problem());
        assertNotNull(archives.find("b-cut").orElseThrow().problem());
    }

    @Test
    void aPartWhoseSizeDiffersFromTheManifestIsListedWithAProblem() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        Path folder = Files.createDirectories(root.resolve(Long.toString(STORE)));
        Manifest lying = manifest("b-size", STORE, CREATED).withParts(List.of(new Part("files.tar", 4, sha256(new byte[4]))));
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(folder.resolve("b-size.zip")))) {
            zip.putNextEntry(new ZipEntry("files.tar"));
            zip.write(new byte[5]);
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(ManifestJson.write(lying));
        }

        Listed listed = archives.find("b-size").orElseThrow();
        assertEquals(lying, listed.manifest());
        assertEquals("part files.tar holds 5 bytes, its manifest says 4", listed.problem());
        IOException refused = assertThrows(IOException.class, () -> archives.open("b-size"));
        assertEquals("backup b-size is damaged: part files.tar holds 5 bytes, its manifest says 4; it cannot be restored",
                refused.getMessage());
    }

    @Test
    void aWriterClosedWithoutCommitLeavesNothing() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        try (ArchiveWriter writer = archives.create(manifest("b-abandoned", STORE, CREATED))) {
            try (OutputStream out = writer.part("database.dump")) {
                out.write(randomBytes(100_000, 5));
            }
            assertEquals(List.of(".b-abandoned.zip.partial"), namesIn(root.resolve("7")));
            assertEquals(List.of(), archives.list(STORE), "nothing is visible before commit");
            assertTrue(archives.find("b-abandoned").isEmpty());
        }
        assertEquals(List.of(), namesIn(root.resolve("7")));
        assertEquals(List.of(), archives.list(STORE));
    }

    @Test
    void aSourceFailingMidwayLeavesNothing() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        InputStream failing = new FailingAfter(new ByteArrayInputStream(randomBytes(1_000_000, 6)), 300_000);
        IOException failure = assertThrows(IOException.class, () -> {
            try (ArchiveWriter writer = archives.create(manifest("b-failed", STORE, CREATED));
                    OutputStream out = writer.part("database.dump")) {
                failing.transferTo(out);
                writer.commit();
            }
        });
        assertEquals("the dump stopped", failure.getMessage());
        assertEquals(List.of(), namesIn(root.resolve("7")));
        assertEquals(List.of(), archives.list(STORE));
        assertTrue(archives.find("b-failed").isEmpty());
    }

    @Test
    void theArchivesOfAStoreAreListedNewestFirst() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        write(archives, manifest("b-middle", STORE, CREATED.plus(Duration.ofHours(1))), "files.tar", new byte[10]);
        write(archives, manifest("b-newest", STORE, CREATED.plus(Duration.ofHours(2))), "files.tar", new byte[10]);
        write(archives, manifest("b-oldest", STORE, CREATED), "files.tar", new byte[10]);
        write(archives, manifest("b-other-store", 8, CREATED.plus(Duration.ofHours(3))), "files.tar", new byte[10]);

        List<String> ids = archives.list(STORE).stream().map(listed -> listed.manifest().backupId()).toList();
        assertEquals(List.of("b-newest", "b-middle", "b-oldest"), ids);
        assertEquals(List.of(), archives.list(9));
    }

    @Test
    void anIdThatIsNotAPlainFileNameIsRefused() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root.resolve("backups"));
        Files.write(root.resolve("escaped.zip"), new byte[] {1});
        write(archives, manifest("b-ok", STORE, CREATED), "files.tar", new byte[1]);

        for (String bad : List.of("../escaped", "..", ".hidden", "7/b-ok", "b ok", "")) {
            assertTrue(archives.find(bad).isEmpty(), bad);
            IOException refused = assertThrows(IOException.class, () -> archives.open(bad), bad);
            assertTrue(refused.getMessage().contains("is not valid"), refused.getMessage());
            assertThrows(IOException.class, () -> archives.delete(bad), bad);
            assertThrows(IOException.class, () -> archives.create(manifest(bad, STORE, CREATED)), bad);
        }
        assertTrue(Files.exists(root.resolve("escaped.zip")));
        assertEquals(List.of("7"), namesIn(root.resolve("backups")));
        assertEquals(List.of("b-ok.zip"), namesIn(root.resolve("backups/7")));
    }

    @Test
    void deleteRemovesTheArchiveAndSaysWhetherThereWasOne() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        write(archives, manifest("b-gone", STORE, CREATED), "files.tar", new byte[1]);
        write(archives, manifest("b-kept", STORE, CREATED), "files.tar", new byte[1]);

        assertTrue(archives.delete("b-gone"));
        assertFalse(archives.delete("b-gone"));
        assertTrue(archives.find("b-gone").isEmpty());
        assertEquals(List.of("b-kept"), archives.list(STORE).stream().map(listed -> listed.manifest().backupId()).toList());
        IOException missing = assertThrows(IOException.class, () -> archives.open("b-gone"));
        assertEquals("there is no backup b-gone", missing.getMessage());
    }

    @Test
    void anIdIsUsedOnceAcrossStores() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        write(archives, manifest("b-once", STORE, CREATED), "files.tar", new byte[1]);

        IOException refused = assertThrows(IOException.class, () -> archives.create(manifest("b-once", 8, CREATED)));
        assertEquals("a backup b-once already exists", refused.getMessage());
        assertEquals(List.of(), archives.list(8));
    }

    @Test
    void aPartialFileLeftByAKilledProcessIsRemovedOnceOldAndNeverListed() throws Exception {
        ZipBackupArchives archives = new ZipBackupArchives(root);
        Path folder = Files.createDirectories(root.resolve("7"));
        Path old = Files.write(folder.resolve(".b-killed.zip.partial"), new byte[100]);
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path recent = Files.write(folder.resolve(".b-recent.zip.partial"), new byte[100]);

        assertEquals(List.of(), archives.list(STORE));
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(recent), "a partial file written lately may be another writer's");
    }

    private static Manifest manifest(String id, long storeId, Instant createdAt) {
        return new Manifest(id, storeId, "shop-" + storeId, StoreType.MEDUSA, "1.4.0", "2.8.3", 5, createdAt, "alice",
                "before the upgrade", List.of());
    }

    /** Writes and commits an archive of the given parts: name, bytes, name, bytes, … */
    private static Manifest write(ZipBackupArchives archives, Manifest manifest, Object... namesAndBytes) throws IOException {
        try (ArchiveWriter writer = archives.create(manifest)) {
            for (int i = 0; i < namesAndBytes.length; i += 2) {
                byte[] bytes = (byte[]) namesAndBytes[i + 1];
                try (OutputStream out = writer.part((String) namesAndBytes[i])) {
                    // uneven chunks, as a dump arrives
                    for (int at = 0; at < bytes.length; at += 7919) {
                        out.write(bytes, at, Math.min(7919, bytes.length - at));
                    }
                }
            }
            return writer.commit();
        }
    }

    private static byte[] readAll(ArchiveReader reader, String part) throws IOException {
        try (InputStream in = reader.part(part)) {
            return in.readAllBytes();
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("the part's bytes are not in the file as they are");
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** A source that fails after some bytes, as a pg_dump whose connection drops. */
    private static final class FailingAfter extends InputStream {
        private final InputStream in;
        private long left;

        FailingAfter(InputStream in, long bytes) {
            this.in = in;
            this.left = bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException("the dump stopped");
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            left -= Math.max(n, 0);
            return n;
        }
    }
}
