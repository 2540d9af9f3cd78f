package dev.storefleet.api;

import dev.storefleet.service.PodService;
import java.util.List;

/** The tail of a container's log: which pod, container and instance, and its lines, oldest first. */
record LogView(long storeId, String pod, String container, boolean previous, int tail, int count,
        List<String> lines) {

    static LogView of(long storeId, PodService.PodLog log) {
        return new LogView(storeId, log.pod(), log.container(), log.previous(), log.tailLines(), log.lines().size(),
                log.lines());
    }
}
