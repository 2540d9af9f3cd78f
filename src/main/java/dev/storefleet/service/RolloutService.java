package dev.storefleet.service;

import dev.storefleet.domain.Rollout;
import dev.storefleet.domain.RolloutPlan;
import java.util.List;

/**
 * Fleet rollouts (issue 16): a plan's stores upgraded wave by wave (a canary first), each store
 * gated on READY, healthy and a verification order placed and found, a failed gate halting the
 * rollout and rolling its wave back. Persisted, so a restart resumes or settles a running one.
 *
 * <p>The signatures are the contract the views and the REST API build on; the engine is built
 * on its own branch.
 */
public final class RolloutService {

    /** Checks the plan (400 field errors via ValidationException), records the rollout RUNNING and starts it. */
    public Rollout start(RolloutPlan plan, String actor) {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }

    /** Every rollout, newest first. */
    public List<Rollout> list() {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }

    /** One rollout; StoreNotFoundException-like not-found error when there is none. */
    public Rollout get(long id) {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }

    /** Stops starting stores; those in flight finish their gate. */
    public Rollout pause(long id, String actor) {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }

    public Rollout resume(long id, String actor) {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }

    /** Stops the rollout for good: no store starts any more; stores already upgraded stay as they are. */
    public Rollout abort(long id, String actor) {
        throw new UnsupportedOperationException("rollouts: not built yet");
    }
}
