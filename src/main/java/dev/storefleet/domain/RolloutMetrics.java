package dev.storefleet.domain;

/**
 * The fleet rollouts' counters, from the audit log (so they survive restarts).
 *
 * @param started          rollouts started
 * @param passed           rollouts that finished with every store passed or skipped
 * @param halted           rollouts halted at a failed store
 * @param aborted          rollouts aborted by an operator
 * @param storesUpgraded   stores a rollout upgraded to a newer revision
 * @param storesRolledBack stores a halted rollout rolled back
 */
public record RolloutMetrics(long started, long passed, long halted, long aborted, long storesUpgraded,
        long storesRolledBack) {
}
