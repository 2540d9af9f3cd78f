package dev.storefleet.viewmodel.preview;

import java.util.ArrayList;
import java.util.List;

/** One line of a unified diff and what it is, so the view can colour it as Helm Dashboard does. */
public record DiffLine(Kind kind, String text) {

    public enum Kind { HEADER, HUNK, ADDED, REMOVED, CONTEXT }

    /** Splits a unified diff into its lines; {@code ---}/{@code +++} are headers, not changes. */
    public static List<DiffLine> of(String unifiedDiff) {
        List<DiffLine> lines = new ArrayList<>();
        if (unifiedDiff == null || unifiedDiff.isEmpty()) {
            return lines;
        }
        for (String line : unifiedDiff.split("\r?\n", -1)) {
            lines.add(new DiffLine(kindOf(line), line));
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).text().isEmpty()) {
            lines.remove(lines.size() - 1); // the newline that ends the last line
        }
        return lines;
    }

    private static Kind kindOf(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return Kind.HEADER;
        }
        if (line.startsWith("@@")) {
            return Kind.HUNK;
        }
        if (line.startsWith("+")) {
            return Kind.ADDED;
        }
        if (line.startsWith("-")) {
            return Kind.REMOVED;
        }
        return Kind.CONTEXT;
    }
}
