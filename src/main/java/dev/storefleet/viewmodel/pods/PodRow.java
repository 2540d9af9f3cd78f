package dev.storefleet.viewmodel.pods;

import dev.storefleet.service.port.PodSummary;
import java.time.Duration;
import java.time.Instant;

/**
 * A row of the pods table: the columns as text, and the pod they were read from. {@code shortName}
 * is the pod's name without what every pod of the release starts with ({@code store-x-woocommerce-}).
 */
public record PodRow(String name, String shortName, String phase, String reason, String ready, int restarts,
        String lastState, String age, String owner, String message, PodSummary pod) {

    static PodRow of(PodSummary pod, String commonPrefix, Instant now) {
        String name = pod.name();
        String shortName = name.startsWith(commonPrefix) && name.length() > commonPrefix.length()
                ? name.substring(commonPrefix.length()) : name;
        return new PodRow(name, shortName, pod.phase(), pod.reason(), pod.readyText(), pod.restarts(),
                pod.lastState(), pod.created() == null ? "" : age(Duration.between(pod.created(), now)), pod.owner(),
                pod.message(), pod);
    }

    /** kubectl's way: 45s, 7m, 3h, 12d. */
    static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 120) {
            return seconds + "s";
        }
        if (seconds < 2 * 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 2 * 86400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }
}
