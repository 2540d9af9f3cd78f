package dev.storefleet.persistence;

import dev.storefleet.domain.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One console per data directory: an OS file lock on {@code storefleet.lock}, taken before the
 * database is opened, so a second console gets a clear message rather than a locked or
 * corrupted database. The OS releases the lock if the process dies.
 */
final class InstanceLock implements AutoCloseable {
    static final String FILE_NAME = "storefleet.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static InstanceLock acquire(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDirectory, null);
            }
            return new InstanceLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dataDirectory, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("Cannot lock the data directory " + dataDirectory + ": " + e.getMessage()
                    + ". Check that it exists and is writable, or set STOREFLEET_HOME to another directory.", e);
        } catch (StorageException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    static StorageException inUse(Path dataDirectory, Throwable cause) {
        return new StorageException("Another Storefleet console is already using the data directory "
                + dataDirectory + ". Close it first, or start this one with STOREFLEET_HOME set to another"
                + " directory.", cause);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
