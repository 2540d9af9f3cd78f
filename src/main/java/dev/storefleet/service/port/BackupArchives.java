package dev.storefleet.service.port;

import dev.storefleet.domain.StoreType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where store backups live: one archive per backup, holding its parts (a database dump, a file
 * tree) and a manifest with a SHA-256 of each. An archive only shows up once it is complete:
 * what a failed or cancelled write leaves behind is removed, never listed.
 */
public interface BackupArchives {

    /** Starts writing a new archive; nothing is visible until {@link ArchiveWriter#commit}. */
    ArchiveWriter create(Manifest manifest) throws IOException;

    /**
     * The archives of one store, newest first, each checked as far as is cheap whatever their size
     * (readable, a manifest, every part there with the size the manifest says); the checksums,
     * which need every byte read, are checked by {@link #open}.
     */
    List<Listed> list(long storeId);

    /** One archive by id, checked like {@link #list}. */
    Optional<Listed> find(String backupId);

    /**
     * Opens an archive for reading after checking every part against its manifest's size and
     * SHA-256; a damaged archive is refused here, before anything reads a part.
     *
     * @throws IOException naming the backup and the part that does not match
     */
    ArchiveReader open(String backupId) throws IOException;

    /** Deletes an archive; false when there was none. */
    boolean delete(String backupId) throws IOException;

    /** What a backup holds and where it came from. No secret is in it. */
    record Manifest(String backupId, long storeId, String storeName, StoreType type, String chartVersion,
            String appVersion, int helmRevision, Instant createdAt, String actor, String reason, List<Part> parts) {
        public Manifest {
            parts = List.copyOf(parts);
        }

        public Manifest withParts(List<Part> newParts) {
            return new Manifest(backupId, storeId, storeName, type, chartVersion, appVersion, helmRevision, createdAt,
                    actor, reason, newParts);
        }
    }

    /** One part of an archive: its name (e.g. {@code database.dump}), size in bytes and SHA-256 (hex). */
    record Part(String name, long size, String sha256) {
    }

    /**
     * An archive as found: its manifest, where it lives, its size on disk, and {@code problem}: null
     * when its checks passed, otherwise what is wrong in words (it is then listed, not restorable).
     */
    record Listed(Manifest manifest, String location, long fileBytes, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    /** Writes the parts of a new archive one after the other. */
    interface ArchiveWriter extends AutoCloseable {
        /**
         * The stream of the next part; the previous part's stream must be closed first. Its size and
         * checksum are computed as it is written.
         */
        OutputStream part(String name) throws IOException;

        /** Finishes the archive (manifest with every part's size and SHA-256) and makes it visible. */
        Manifest commit() throws IOException;

        /** Abandons an uncommitted archive, removing whatever was written; after commit it does nothing. */
        @Override
        void close();
    }

    /** Reads the parts of an archive that passed its checks. */
    interface ArchiveReader extends AutoCloseable {
        Manifest manifest();

        /** The named part's content. */
        InputStream part(String name) throws IOException;

        @Override
        void close();
    }
}
