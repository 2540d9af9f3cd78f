package dev.storefleet.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2 file system {@code synced:}: the database file is opened for writing with
 * {@code DSYNC}, so every write H2 makes is on the disk when it returns. With
 * {@code WRITE_DELAY=0} H2 writes a commit's changes before the commit returns; together a
 * commit that was acknowledged survives a killed process and a lost machine alike (H2 itself
 * never syncs a commit: by default it writes them up to 500 ms later, from a background thread).
 */
public final class SyncedFilePath extends FilePathWrapper {
    static final String SCHEME = "synced";

    private static volatile boolean registered;

    /** Public, with no arguments: H2 makes one per path it wraps, by reflection. */
    public SyncedFilePath() {
    }

    /** Makes the scheme known to H2; safe to call any number of times. */
    static void register() {
        if (!registered) {
            synchronized (SyncedFilePath.class) {
                if (!registered) {
                    FilePath.register(new SyncedFilePath());
                    registered = true;
                }
            }
        }
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }
}
