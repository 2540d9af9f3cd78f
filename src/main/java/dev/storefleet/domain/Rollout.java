package dev.storefleet.domain;

import java.time.Instant;
import java.util.List;

/**
 * A fleet rollout as recorded: its plan, who started it, where it stands, and each wave's stores.
 *
 * @param reason why it halted or was aborted, in words; null while running or once passed
 */
public record Rollout(long id, RolloutPlan plan, RolloutStatus status, String reason, String actor,
        Instant createdAt, Instant updatedAt, Instant finishedAt, List<RolloutWave> waves) {

    public Rollout {
        waves = List.copyOf(waves);
    }
}
