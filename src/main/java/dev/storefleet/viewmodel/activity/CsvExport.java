package dev.storefleet.viewmodel.activity;

import dev.storefleet.domain.AuditEvent;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Audit rows as CSV: RFC 4180 (CRLF line ends, a field with a comma, quote, CR or LF is quoted
 * and its quotes doubled), UTF-8, a header row, times in ISO-8601 UTC. Written to a temporary
 * file next to the target and moved into place, so a failed export leaves nothing half-written.
 */
final class CsvExport {
    static final String HEADER = "id,time,action,outcome,store_id,store,actor,detail,duration_ms";

    /** Reads one page of the log, newest first. */
    interface Pages {
        List<AuditEvent> page(int offset, int limit);
    }

    private CsvExport() {
    }

    /**
     * Writes every row {@code pages} gives, page by page, each once: rows that arrive during the
     * export shift the offsets, so a row whose id is not below the last one written is skipped.
     */
    static long write(Path file, Pages pages, int pageSize) throws IOException {
        Path target = file.toAbsolutePath();
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        long written = 0;
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write("\r\n");
                long lastId = Long.MAX_VALUE;
                int offset = 0;
                while (true) {
                    List<AuditEvent> page = pages.page(offset, pageSize);
                    for (AuditEvent event : page) {
                        if (event.id() < lastId) {
                            writeRow(out, event);
                            lastId = event.id();
                            written++;
                        }
                    }
                    if (page.size() < pageSize) {
                        break;
                    }
                    offset += page.size();
                }
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return written;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void writeRow(Writer out, AuditEvent e) throws IOException {
        out.write(Long.toString(e.id()));
        out.write(',');
        out.write(DateTimeFormatter.ISO_INSTANT.format(e.occurredAt()));
        out.write(',');
        out.write(e.action().name().toLowerCase(Locale.ROOT));
        out.write(',');
        out.write(e.outcome().name().toLowerCase(Locale.ROOT));
        out.write(',');
        out.write(e.storeId() == null ? "" : e.storeId().toString());
        out.write(',');
        out.write(field(e.storeName()));
        out.write(',');
        out.write(field(e.actor()));
        out.write(',');
        out.write(field(e.detail()));
        out.write(',');
        out.write(e.durationMs() == null ? "" : e.durationMs().toString());
        out.write("\r\n");
    }

    /** RFC 4180: quoted when it holds a comma, a quote, CR or LF; quotes inside doubled. */
    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
