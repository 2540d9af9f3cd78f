package dev.storefleet.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts a log's bytes, as they arrive in chunks, into lines of UTF-8 text. A line is held only up
 * to {@code maxLineBytes}: the rest of a longer one is dropped and the line marked as cut, so one
 * endless line cannot grow the console's memory. Not thread-safe: the cluster client hands one
 * chunk at a time.
 */
final class LogLineSplitter {
    static final String CUT_MARK = " …[line cut]";

    private final int maxLineBytes;
    private final Consumer<List<String>> lines;
    private final byte[] line;
    private int length;
    private boolean cut;

    /** @param lines receives the complete lines of each chunk (never an empty list) */
    LogLineSplitter(int maxLineBytes, Consumer<List<String>> lines) {
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
        this.line = new byte[maxLineBytes];
    }

    void accept(List<ByteBuffer> chunk) {
        List<String> complete = new ArrayList<>();
        for (ByteBuffer buffer : chunk) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    complete.add(take());
                } else if (length < maxLineBytes) {
                    line[length++] = b;
                } else {
                    cut = true;
                }
            }
        }
        if (!complete.isEmpty()) {
            lines.accept(complete);
        }
    }

    /** The stream ended: a last line without its newline is a line too. */
    void finish() {
        if (length > 0 || cut) {
            lines.accept(List.of(take()));
        }
    }

    private String take() {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        if (cut) {
            end = charBoundary(end);
        }
        String text = new String(line, 0, end, StandardCharsets.UTF_8) + (cut ? CUT_MARK : "");
        length = 0;
        cut = false;
        return text;
    }

    /** Where a line cut inside a multi-byte character should end instead: before that character. */
    private int charBoundary(int end) {
        int start = end;
        while (start > 0 && (line[start - 1] & 0xC0) == 0x80) {
            start--; // continuation bytes
        }
        if (start == 0) {
            return end;
        }
        int lead = line[start - 1] & 0xFF;
        int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return end - (start - 1) < needed ? start - 1 : end;
    }
}
