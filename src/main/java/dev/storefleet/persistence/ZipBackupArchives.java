package dev.storefleet.persistence;

import dev.storefleet.service.port.BackupArchives;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Backups as zip files under one folder (the app's {@code <data dir>/backups}):
 * {@code <root>/<storeId>/<backupId>.zip}, a folder per store so a store's backups are listed
 * without opening the others'. Each archive holds its parts and, written last,
 * {@code manifest.json} with every part's size and SHA-256 computed as the part was written.
 *
 * <ul>
 * <li><b>Visible only when complete.</b> An archive is written to {@code .<backupId>.zip.partial}
 * next to its final name; commit syncs it and renames it atomically, then syncs the folder. A
 * partial file is never listed. One a killed process left behind is removed by {@link #list} once
 * no writer of this JVM has it open and it was last written more than {@link #STALE_PARTIAL} ago
 * (a console holds its data directory alone, {@code InstanceLock}; the age is a second guard for
 * anyone else writing there), and by {@link #create} of the same id.</li>
 * <li><b>What is checked when.</b> {@link #list} and {@link #find} check the structure: the zip is
 * readable, {@code manifest.json} is there and parses, names this backup and store, and every part
 * is there with the size the manifest gives (from the zip's directory) and nothing else is. Then
 * the checksums: every part's SHA-256 against the manifest, read once per archive file as it is
 * (its size and modified time) and remembered by this instance, so a listing re-hashes only
 * archives it has not seen or that changed. {@link #open} reads every part again and compares its
 * size and SHA-256 before it returns, whatever was remembered, so a damaged archive is refused
 * before a restore reads anything.</li>
 * <li><b>An archive whose manifest cannot be read</b> is listed with a stand-in manifest: its id
 * and store from its file's place, its file's time as {@code createdAt}, nothing else, no parts.</li>
 * <li><b>Ids.</b> A backup id is a file name, so only {@code [A-Za-z0-9._-]}, not starting with a
 * dot, at most 128 characters: {@link #find} answers empty for another, the others throw an
 * IOException saying so. Ids are unique across stores; {@link #create} refuses one that exists.</li>
 * <li>Memory stays the same whatever the size of a part: everything streams through 64 KB buffers.</li>
 * </ul>
 */
public final class ZipBackupArchives implements BackupArchives {
    /** How old a partial file nobody here is writing must be before list() removes it. */
    static final Duration STALE_PARTIAL = Duration.ofHours(1);

    private static final int MAX_MANIFEST_BYTES = 1024 * 1024;
    /** The partial files being written by this JVM, whatever instance writes them: never removed as stale. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private final Path root;
    /** Each archive's checksum verdict (null: all match), for the file as it was when read. */
    private final Map<Path, Checked> checked = new ConcurrentHashMap<>();

    public ZipBackupArchives(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public ArchiveWriter create(Manifest manifest) throws IOException {
        Objects.requireNonNull(manifest, "manifest");
        String id = ArchiveFiles.checkedId(manifest.backupId());
        if (manifest.createdAt() == null) {
            throw new IOException("backup " + id + " has no creation time");
        }
        if (locate(id).isPresent()) {
            throw new IOException("a backup " + id + " already exists");
        }
        Path directory = ArchiveFiles.storeDirectory(root, manifest.storeId());
        Files.createDirectories(directory);
        Path partial = ArchiveFiles.partial(directory, id);
        if (!WRITING.add(partial)) {
            throw new IOException("backup " + id + " is already being written");
        }
        try {
            Files.deleteIfExists(partial); // not ours (WRITING): a killed process's
            return new ZipArchiveWriter(manifest, partial, ArchiveFiles.archive(directory, id), WRITING::remove);
        } catch (IOException | RuntimeException e) {
            WRITING.remove(partial);
            throw e;
        }
    }

    @Override
    public List<Listed> list(long storeId) {
        Path directory = ArchiveFiles.storeDirectory(root, storeId);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Listed> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String id = ArchiveFiles.idOf(file);
                if (ArchiveFiles.isPartial(file)) {
                    removeIfStale(file);
                } else if (id != null && Files.isRegularFile(file)) {
                    found.add(inspect(file, storeId, id));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the backups of store " + storeId + " cannot be listed (" + directory + "): "
                    + e.getMessage(), e);
        }
        found.sort(Comparator.comparing((Listed listed) -> listed.manifest().createdAt())
                .thenComparing(listed -> listed.manifest().backupId()).reversed());
        return found;
    }

    @Override
    public Optional<Listed> find(String backupId) {
        if (!ArchiveFiles.validId(backupId)) {
            return Optional.empty();
        }
        try {
            return locate(backupId).map(file -> inspect(file, storeIdOf(file), backupId));
        } catch (IOException e) {
            throw new UncheckedIOException("backup " + backupId + " cannot be looked for in " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ArchiveReader open(String backupId) throws IOException {
        String id = ArchiveFiles.checkedId(backupId);
        Path file = locate(id).orElseThrow(() -> new IOException("there is no backup " + id));
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw damaged(id, unreadable(e));
        }
        try {
            Examined examined = examine(zip, file, storeIdOf(file), id);
            if (examined.problem() != null) {
                throw damaged(id, examined.problem());
            }
            for (Part part : examined.manifest().parts()) {
                String problem = verify(zip, part);
                if (problem != null) {
                    throw damaged(id, problem);
                }
            }
            return new ZipArchiveReader(zip, examined.manifest());
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    @Override
    public boolean delete(String backupId) throws IOException {
        String id = ArchiveFiles.checkedId(backupId);
        Optional<Path> file = locate(id);
        if (file.isEmpty()) {
            return false;
        }
        boolean deleted = Files.deleteIfExists(file.get());
        checked.remove(file.get());
        ArchiveFiles.syncDirectory(file.get().getParent());
        return deleted;
    }

    /** The archive file of an id, in whichever store's folder it is. */
    private Optional<Path> locate(String backupId) throws IOException {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> stores = Files.newDirectoryStream(root, ZipBackupArchives::isStoreDirectory)) {
            for (Path store : stores) {
                Path file = ArchiveFiles.archive(store, backupId);
                if (Files.isRegularFile(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isStoreDirectory(Path path) {
        return path.getFileName().toString().matches("-?[0-9]{1,19}") && Files.isDirectory(path);
    }

    private static long storeIdOf(Path archive) {
        return Long.parseLong(archive.getParent().getFileName().toString());
    }

    private Listed inspect(Path file, long storeId, String backupId) {
        long bytes = sizeOf(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Examined examined = examine(zip, file, storeId, backupId);
            String problem = examined.problem() != null ? examined.problem() : checksums(zip, file, examined.manifest());
            return new Listed(examined.manifest(), file.toString(), bytes, problem);
        } catch (IOException e) {
            return new Listed(standIn(file, storeId, backupId), file.toString(), bytes, unreadable(e));
        }
    }

    /** The first part whose checksum does not match, or null; read again only when the file changed. */
    private String checksums(ZipFile zip, Path file, Manifest manifest) throws IOException {
        BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
        Checked seen = checked.get(file);
        if (seen != null && seen.size() == now.size() && seen.modified().equals(now.lastModifiedTime())) {
            return seen.problem();
        }
        String problem = null;
        for (Part part : manifest.parts()) {
            problem = verify(zip, part);
            if (problem != null) {
                break;
            }
        }
        checked.put(file, new Checked(now.size(), now.lastModifiedTime(), problem));
        return problem;
    }

    private record Checked(long size, FileTime modified, String problem) {
    }

    /** The manifest and what is wrong with the archive's structure, null when nothing; never reads a part. */
    private static Examined examine(ZipFile zip, Path file, long storeId, String backupId) {
        ZipEntry entry = zip.getEntry(ArchiveFiles.MANIFEST);
        if (entry == null) {
            return new Examined(standIn(file, storeId, backupId), "it has no " + ArchiveFiles.MANIFEST);
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] json = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (json.length > MAX_MANIFEST_BYTES) {
                throw new IOException("it is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            manifest = ManifestJson.read(json);
        } catch (IOException e) {
            return new Examined(standIn(file, storeId, backupId), "its " + ArchiveFiles.MANIFEST + " cannot be read: " + e.getMessage());
        }
        return new Examined(manifest, structureProblem(zip, manifest, storeId, backupId));
    }

    private static String structureProblem(ZipFile zip, Manifest manifest, long storeId, String backupId) {
        if (!backupId.equals(manifest.backupId())) {
            return "its manifest is of backup " + manifest.backupId() + ", not " + backupId;
        }
        if (manifest.storeId() != storeId) {
            return "its manifest is of store " + manifest.storeId() + " but it is kept with the backups of store " + storeId;
        }
        Set<String> named = new HashSet<>();
        for (Part part : manifest.parts()) {
            named.add(part.name());
            ZipEntry entry = zip.getEntry(part.name());
            if (entry == null) {
                return "part " + part.name() + " is missing";
            }
            if (entry.getSize() != part.size()) {
                return sizeProblem(part, entry.getSize());
            }
        }
        return zip.stream().map(ZipEntry::getName)
                .filter(name -> !name.equals(ArchiveFiles.MANIFEST) && !named.contains(name))
                .findFirst().map(name -> "it holds " + name + ", which its manifest does not name").orElse(null);
    }

    /** Reads a part once, counting and hashing it; what does not match the manifest, or null. */
    private static String verify(ZipFile zip, Part part) {
        MessageDigest digest = ZipArchiveWriter.sha256();
        long size = 0;
        byte[] buffer = new byte[ArchiveFiles.BUFFER];
        try (InputStream in = zip.getInputStream(zip.getEntry(part.name()))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (IOException e) {
            return "part " + part.name() + " cannot be read (" + e.getMessage() + ")";
        }
        if (size != part.size()) {
            return sizeProblem(part, size);
        }
        String found = HexFormat.of().formatHex(digest.digest());
        if (!found.equalsIgnoreCase(part.sha256())) {
            return "part " + part.name() + " does not match its checksum (expected " + part.sha256() + ", found " + found + ")";
        }
        return null;
    }

    private static String sizeProblem(Part part, long found) {
        return "part " + part.name() + " holds " + found + " bytes, its manifest says " + part.size();
    }

    private static String unreadable(IOException e) {
        return "it is not a readable zip archive (" + e.getMessage() + ")";
    }

    private static IOException damaged(String backupId, String problem) {
        return new IOException("backup " + backupId + " is damaged: " + problem + "; it cannot be restored");
    }

    /** What is known of an archive whose manifest cannot be read: its id, its store, its file's time, no parts. */
    private static Manifest standIn(Path file, long storeId, String backupId) {
        Instant written;
        try {
            written = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            written = Instant.EPOCH;
        }
        return new Manifest(backupId, storeId, null, null, null, null, 0, written, null, null, List.of());
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void removeIfStale(Path partial) {
        if (WRITING.contains(partial)) {
            return;
        }
        try {
            if (Files.getLastModifiedTime(partial).toInstant().isBefore(Instant.now().minus(STALE_PARTIAL))) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            // tried again at the next list()
        }
    }

    private record Examined(Manifest manifest, String problem) {
    }
}
