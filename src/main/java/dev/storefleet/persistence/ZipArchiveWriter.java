package dev.storefleet.persistence;

import dev.storefleet.service.port.BackupArchives.ArchiveWriter;
import dev.storefleet.service.port.BackupArchives.Manifest;
import dev.storefleet.service.port.BackupArchives.Part;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One archive being written into its hidden {@code .<id>.zip.partial} file: parts streamed one
 * after the other, each counted and hashed as it goes through, {@code manifest.json} last; commit
 * syncs the file, renames it atomically to {@code <id>.zip} and syncs the directory. Anything
 * else that ends it (close, a failed write, a failed commit) removes the partial file.
 *
 * <p>java.util.zip can only write a STORED entry whose size and CRC are known before it starts,
 * which a stream is not; a part whose name ends {@code .dump} (pg_dump's custom format is already
 * compressed) is written DEFLATED at level 0 instead: deflate's stored blocks, the bytes as they
 * are plus five bytes of header per 64 KB, and no time spent compressing.
 */
final class ZipArchiveWriter implements ArchiveWriter {
    private final Manifest manifest;
    private final Path partial;
    private final Path target;
    private final Consumer<Path> onEnd;
    private final FileChannel channel;
    private final ZipOutputStream zip;
    private final List<Part> parts = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private PartStream current;
    private boolean failed;
    private boolean ended;

    /** Creates the partial file (which must not exist); {@code onEnd} hears when it is gone or renamed. */
    ZipArchiveWriter(Manifest manifest, Path partial, Path target, Consumer<Path> onEnd) throws IOException {
        this.manifest = manifest;
        this.partial = partial;
        this.target = target;
        this.onEnd = onEnd;
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.zip = new ZipOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), ArchiveFiles.BUFFER));
    }

    @Override
    public OutputStream part(String name) throws IOException {
        ensureWritable();
        if (current != null && !current.closed) {
            throw new IllegalStateException("backup " + manifest.backupId() + ": part " + current.name
                    + " must be closed before part " + name + " starts");
        }
        ArchiveFiles.checkedPartName(manifest.backupId(), name);
        if (!names.add(name)) {
            throw new IOException("backup " + manifest.backupId() + " already has a part " + name);
        }
        zip.setLevel(name.endsWith(".dump") ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
        guarded(() -> zip.putNextEntry(new ZipEntry(name)));
        current = new PartStream(name);
        return current;
    }

    @Override
    public Manifest commit() throws IOException {
        ensureWritable();
        if (current != null && !current.closed) {
            throw new IllegalStateException("backup " + manifest.backupId() + ": part " + current.name
                    + " must be closed before the archive is committed");
        }
        Manifest written = manifest.withParts(parts);
        try {
            zip.setLevel(Deflater.DEFAULT_COMPRESSION);
            zip.putNextEntry(new ZipEntry(ArchiveFiles.MANIFEST));
            zip.write(ManifestJson.write(written));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            channel.force(true);
            zip.close();
            if (Files.exists(target)) {
                throw new IOException("a backup with this id already exists (" + target + ")");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            failed = true;
            close();
            throw new IOException("backup " + manifest.backupId() + " could not be saved: " + e.getMessage(), e);
        }
        ended = true;
        onEnd.accept(partial);
        ArchiveFiles.syncDirectory(target.getParent());
        return written;
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            zip.close();
        } catch (IOException e) {
            // the file is removed next; what it held does not matter
        }
        try {
            channel.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // left behind: it is never listed and list() removes it once it is old (ZipBackupArchives)
        } finally {
            onEnd.accept(partial);
        }
    }

    private void ensureWritable() throws IOException {
        if (ended) {
            throw new IllegalStateException("backup " + manifest.backupId() + " is already committed or closed");
        }
        if (failed) {
            throw new IOException("backup " + manifest.backupId() + " cannot go on: an earlier write failed");
        }
    }

    /** Runs a write to the zip; one that fails leaves the archive unusable, so nothing more is accepted. */
    private void guarded(ZipWrite write) throws IOException {
        try {
            write.run();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @FunctionalInterface
    private interface ZipWrite {
        void run() throws IOException;
    }

    /** A part's stream: counts and hashes each byte on its way into the zip entry. */
    private final class PartStream extends OutputStream {
        private final String name;
        private final MessageDigest digest = sha256();
        private long size;
        private boolean closed;

        PartStream(String name) {
            this.name = name;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("backup " + manifest.backupId() + ": part " + name + " is already closed");
            }
            ensureWritable();
            guarded(() -> zip.write(bytes, offset, length));
            digest.update(bytes, offset, length);
            size += length;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (ended || failed) {
                return;
            }
            guarded(zip::closeEntry);
            parts.add(new Part(name, size, HexFormat.of().formatHex(digest.digest())));
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
