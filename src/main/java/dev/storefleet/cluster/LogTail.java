package dev.storefleet.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last lines of a container's log, for a store's error: read once, cut to fit. */
final class LogTail {
    private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
    /** A line longer than this is cut: a stack trace's one long line must not crowd out the others. */
    static final int MAX_LINE = 200;

    private LogTail() {
    }

    /** The last {@code lines} lines; empty (and logged) when the log cannot be read. */
    static List<String> read(KubernetesClient client, String namespace, ReleaseDiagnosis.LogSource source, int lines) {
        try {
            // No wait for the pod to be ready (fabric8 waits up to 5 s by default): it is failing.
            var pod = client.pods().inNamespace(namespace).withName(source.pod());
            String log = source.container() == null
                    ? pod.withReadyWaitTimeout(0).tailingLines(lines).getLog()
                    : source.previous()
                            ? pod.inContainer(source.container()).withReadyWaitTimeout(0).terminated().tailingLines(lines).getLog()
                            : pod.inContainer(source.container()).withReadyWaitTimeout(0).tailingLines(lines).getLog();
            if (log == null || log.isEmpty()) {
                return List.of();
            }
            List<String> all = Arrays.asList(log.split("\r?\n"));
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (RuntimeException e) {
            LOG.info("Cannot read the log of {}/{}: {}", source.pod(), source.container(), ClusterErrors.reason(e));
            return List.of();
        }
    }

    /**
     * {@code message}, a heading naming the log, then as many of the newest {@code lines} as fit in
     * {@code max} characters (each cut to {@link #MAX_LINE}); the message alone when there are none.
     */
    static String appendTo(String message, ReleaseDiagnosis.LogSource source, List<String> lines, int max) {
        if (lines.isEmpty()) {
            return message;
        }
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            kept.add(line.length() > MAX_LINE ? line.substring(0, MAX_LINE - 1) + "…" : line);
        }
        while (true) {
            String heading = "\n\nLast " + kept.size() + (kept.size() == 1 ? " line" : " lines") + " of the log of "
                    + source.pod() + (source.container() == null ? "" : ", container " + source.container())
                    + (source.previous() ? " (the instance that crashed)" : "") + ":\n";
            String text = message + heading + String.join("\n", kept);
            if (text.length() <= max || kept.size() <= 1) {
                return text.length() <= max ? text : message;
            }
            kept.remove(0);
        }
    }
}
