package dev.storefleet.domain;

/**
 * What an audit row records. Requests (CREATE, RETRY, UPGRADE, ROLLBACK, DELETE, ORDER) are
 * SUCCESS when accepted and REJECTED when a guardrail refused them; the results of background
 * work (..._STARTED, ..._SUCCEEDED, ..._FAILED) follow as the work runs.
 */
public enum ActionType {
    CREATE,
    PROVISION_STARTED,
    PROVISION_SUCCEEDED,
    PROVISION_FAILED,
    RETRY,
    UPGRADE,
    UPGRADE_SUCCEEDED,
    UPGRADE_FAILED,
    ROLLBACK,
    ROLLBACK_SUCCEEDED,
    ROLLBACK_FAILED,
    DELETE,
    DELETE_STEP_FAILED,
    DELETED,
    CANCEL,
    CREDENTIALS_READ,
    RECONCILED,
    ORDER_PLACED,
    /** An end-to-end check of a store: a test order placed and found in its order list. */
    STORE_VERIFIED,
    /** A READY store's health changed state (healthy, degraded, gone), as the fleet watch saw it. */
    HEALTH_CHANGED,
    /** A READY store whose namespace or release was removed outside the console is installed again. */
    REPROVISION,
    /** A REST API request refused (REJECTED) because its token's role is below the one the route needs. */
    ACCESS_DENIED,
    /** A fleet rollout was started (its plan in the detail); the rows below are the rollout's, store id null unless a store's. */
    ROLLOUT_STARTED,
    ROLLOUT_WAVE_PASSED,
    /** A store of a rollout passed its gate at a newer revision. */
    ROLLOUT_STORE_UPGRADED,
    /** A rollout stopped at a failed store; the reason in words. */
    ROLLOUT_HALTED,
    ROLLOUT_STORE_ROLLED_BACK,
    /** A rollout has no work left: passed, or halted/aborted once its stores settled. */
    ROLLOUT_FINISHED,
    ROLLOUT_PAUSED,
    ROLLOUT_RESUMED,
    ROLLOUT_ABORTED,
    /** A READY store is switched off: its workloads scaled to zero, its volumes kept. */
    SUSPEND,
    SUSPEND_SUCCEEDED,
    SUSPEND_FAILED,
    /** A SUSPENDED store's workloads are scaled back to what they were. */
    RESUME,
    RESUME_SUCCEEDED,
    RESUME_FAILED,
    /** A backup of a store was asked for (its reason in the detail); then its end, with the archive's id and size. */
    BACKUP,
    BACKUP_SUCCEEDED,
    /** A backup failed or was cancelled: nothing of it is kept. */
    BACKUP_FAILED,
    BACKUP_DELETED,
    /** A backup is restored into its store or into a new one (the detail says which). */
    RESTORE,
    /** A restore into the same store began to replace its data (the store is RESTORING). */
    RESTORE_STARTED,
    /** Its data is back (the store is READY again); the verification comes next. */
    RESTORE_STREAMED,
    RESTORE_SUCCEEDED,
    RESTORE_FAILED,
    /** A store is copied into a new one ("&lt;name&gt; (staging)"): a backup, then its restore. */
    CLONE;

    /** Words for people: "provision failed". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
