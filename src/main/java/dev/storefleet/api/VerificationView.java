package dev.storefleet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.storefleet.domain.Verification;

/**
 * The end-to-end check of a store (a test order placed and found in its order list) as the API
 * shows it. {@code state} is {@code passed} or {@code failed} for a finished check (with
 * {@code ok}, {@code verifiedAt}, {@code durationMs} and {@code detail}), {@code running} while
 * one is queued or running, {@code cancelled} when one could not run (the store left READY
 * first; {@code detail} says why), {@code none} when the store was never checked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VerificationView(String state, Boolean ok, String verifiedAt, Long durationMs, String detail) {

    static VerificationView of(Verification v) {
        return new VerificationView(v.ok() ? "passed" : "failed", v.ok(), v.at().toString(), v.durationMs(),
                v.detail());
    }

    static VerificationView running(String detail) {
        return new VerificationView("running", null, null, null, detail);
    }

    static VerificationView cancelled(String detail) {
        return new VerificationView("cancelled", null, null, null, detail);
    }

    static VerificationView none() {
        return new VerificationView("none", null, null, null, null);
    }
}
