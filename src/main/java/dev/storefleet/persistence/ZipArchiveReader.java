package dev.storefleet.persistence;

import dev.storefleet.service.port.BackupArchives.ArchiveReader;
import dev.storefleet.service.port.BackupArchives.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipFile;

/**
 * An archive that passed every check of {@link ZipBackupArchives#open}, kept open: on a POSIX
 * file system it reads what was checked even if the file is deleted or replaced meanwhile.
 */
final class ZipArchiveReader implements ArchiveReader {
    private final ZipFile zip;
    private final Manifest manifest;

    ZipArchiveReader(ZipFile zip, Manifest manifest) {
        this.zip = zip;
        this.manifest = manifest;
    }

    @Override
    public Manifest manifest() {
        return manifest;
    }

    @Override
    public InputStream part(String name) throws IOException {
        boolean named = manifest.parts().stream().anyMatch(part -> part.name().equals(name));
        if (!named) {
            throw new IOException("backup " + manifest.backupId() + " has no part " + name);
        }
        return zip.getInputStream(zip.getEntry(name));
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException e) {
            // only read from: nothing is lost
        }
    }
}
