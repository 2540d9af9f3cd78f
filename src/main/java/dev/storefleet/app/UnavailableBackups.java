package dev.storefleet.app;

import dev.storefleet.service.port.BackupArchives;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Backups of a console started without a folder for them (tests, benchmarks): none listed, none written. */
final class UnavailableBackups implements BackupArchives {
    private static final String WHY = "this console was started without a backups folder";

    @Override
    public ArchiveWriter create(Manifest manifest) throws IOException {
        throw new IOException(WHY);
    }

    @Override
    public List<Listed> list(long storeId) {
        return List.of();
    }

    @Override
    public Optional<Listed> find(String backupId) {
        return Optional.empty();
    }

    @Override
    public ArchiveReader open(String backupId) throws IOException {
        throw new IOException(WHY);
    }

    @Override
    public boolean delete(String backupId) {
        return false;
    }
}
