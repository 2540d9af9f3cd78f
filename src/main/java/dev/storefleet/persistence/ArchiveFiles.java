package dev.storefleet.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * Names of the backup archive files and what is allowed in them: a backup id or a part name is a
 * file or entry name, so only {@code [A-Za-z0-9._-]}, not starting with a dot (no {@code ..}, no
 * hidden file, no separator), at most 128 characters.
 */
final class ArchiveFiles {
    static final String MANIFEST = "manifest.json";
    static final String SUFFIX = ".zip";
    static final String PARTIAL_SUFFIX = ".zip.partial";
    /** Every buffer of the archives, so memory stays the same whatever the size of a part. */
    static final int BUFFER = 64 * 1024;

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private ArchiveFiles() {
    }

    static boolean validId(String backupId) {
        return backupId != null && SAFE_NAME.matcher(backupId).matches();
    }

    /** The id when it may name a file, else an IOException saying why. */
    static String checkedId(String backupId) throws IOException {
        if (!validId(backupId)) {
            throw new IOException("backup id " + quoted(backupId) + " is not valid: only letters, digits, '.', '_' and '-', "
                    + "not starting with '.', at most 128 characters");
        }
        return backupId;
    }

    static String checkedPartName(String backupId, String name) throws IOException {
        if (name == null || !SAFE_NAME.matcher(name).matches() || MANIFEST.equals(name)) {
            throw new IOException("backup " + backupId + ": part name " + quoted(name) + " is not valid: only letters, digits, "
                    + "'.', '_' and '-', not starting with '.', and not " + MANIFEST);
        }
        return name;
    }

    static Path storeDirectory(Path root, long storeId) {
        return root.resolve(Long.toString(storeId));
    }

    static Path archive(Path storeDirectory, String backupId) {
        return storeDirectory.resolve(backupId + SUFFIX);
    }

    static Path partial(Path storeDirectory, String backupId) {
        return storeDirectory.resolve("." + backupId + PARTIAL_SUFFIX);
    }

    /** The backup id an archive file is named after, or null when the file is not a finished archive. */
    static String idOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
            return null;
        }
        String id = name.substring(0, name.length() - SUFFIX.length());
        return validId(id) ? id : null;
    }

    static boolean isPartial(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(PARTIAL_SUFFIX);
    }

    /**
     * Writes a directory's entries (a rename, a removal) to the disk. Not every platform can open a
     * directory (Windows cannot); there the rename is as durable as the file system makes it.
     */
    static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }

    private static String quoted(String text) {
        if (text == null) {
            return "(none)";
        }
        String shown = text.length() <= 60 ? text : text.substring(0, 60) + "…";
        return "'" + shown + "'";
    }
}
