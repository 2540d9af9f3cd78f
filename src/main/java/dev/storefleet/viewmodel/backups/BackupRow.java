package dev.storefleet.viewmodel.backups;

import dev.storefleet.service.port.BackupArchives.Listed;
import dev.storefleet.service.port.BackupArchives.Part;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A row of the backups table: the columns as text, and the listed archive they were read from.
 * {@code created} is an age and the local time ("5 min ago · 14:02"), {@code createdInFull} the
 * date and time to the second (for a tooltip); {@code checks} is
 * "✓ intact" or "✗ " and what is wrong with the archive in words.
 */
public record BackupRow(String backupId, String created, String createdInFull, String size, long bytes, int parts, String reason,
        String actor, String checks, boolean intact, Listed listed) {
    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    static BackupRow of(Listed listed, Instant now, ZoneId zone) {
        var m = listed.manifest();
        long parts = m.parts().stream().mapToLong(Part::size).sum();
        long bytes = parts > 0 ? parts : listed.fileBytes(); // an unreadable archive: what lies on disk
        String full = m.createdAt() == null ? "" : FULL.format(m.createdAt().atZone(zone));
        return new BackupRow(m.backupId(), created(m.createdAt(), now, zone), full, size(bytes), bytes, m.parts().size(),
                m.reason(), m.actor(), listed.intact() ? "✓ intact" : "✗ " + listed.problem(), listed.intact(), listed);
    }

    /** "5 min ago · 14:02" today, "2 days ago · 1 Dec 09:00" before: short enough for a narrow panel. */
    static String created(Instant at, Instant now, ZoneId zone) {
        if (at == null) {
            return "";
        }
        var local = at.atZone(zone);
        boolean today = local.toLocalDate().equals(now.atZone(zone).toLocalDate());
        return age(Duration.between(at, now)) + " · " + (today ? TODAY : EARLIER).format(local);
    }

    /** "just now", "5 min ago", "3 h ago", "12 days ago". */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return "just now";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86400 + " days ago";
    }

    /** Bytes in the unit that reads best: 812 B, 4.2 KB, 12.4 MB, 1.3 GB (1 KB = 1024 B). */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
