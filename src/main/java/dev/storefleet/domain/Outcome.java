package dev.storefleet.domain;

/** How an audited action ended. */
public enum Outcome {
    /** Accepted or completed. */
    SUCCESS,
    /** Attempted and failed (Helm, Kubernetes, a cleanup step). */
    FAILURE,
    /** Refused by a guardrail before anything changed. */
    REJECTED
}
