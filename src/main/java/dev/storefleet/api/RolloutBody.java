package dev.storefleet.api;

import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/rollouts}: the stores ({@code stores} by id, or a {@code selector}),
 * the target ({@code values} and/or {@code chartVersion}), the waves, the gate and {@code backupFirst}. Absent fields take
 * the defaults written in docs/api.md; whether the plan as a whole makes sense is the service's to say.
 */
record RolloutBody(List<Long> stores, SelectorBody selector, Map<String, Object> values, String chartVersion,
        Integer canary, List<Integer> waves, Integer maxInFlight, Boolean verify, Integer gateTimeoutSeconds,
        Boolean keepFailed, Boolean backupFirst) {

    static final int DEFAULT_MAX_IN_FLIGHT = 4;
    static final int DEFAULT_GATE_TIMEOUT_SECONDS = 300;
    /** Longest gate a body may ask for: an hour per store is already a stalled rollout. */
    static final int MAX_GATE_TIMEOUT_SECONDS = 3600;

    /** {@code {"type":"woocommerce","outdated":true}}: every store of a type (any type when absent). */
    record SelectorBody(String type, Boolean outdated) {
    }

    RolloutPlan toPlan() {
        List<ValidationException.FieldError> errors = new ArrayList<>();
        if (stores != null && stores.stream().anyMatch(id -> id == null || id < 1)) {
            errors.add(new ValidationException.FieldError("stores", "Store ids are whole numbers from 1; "
                    + "GET /api/stores lists them."));
        }
        if (values != null) {
            values.forEach((key, value) -> {
                if (value == null) {
                    errors.add(new ValidationException.FieldError("values", "Value '" + key
                            + "' is null; leave it out instead."));
                }
            });
        }
        if (waves != null && waves.stream().anyMatch(w -> w == null)) {
            errors.add(new ValidationException.FieldError("waves", "Waves are percentages such as [25, 100], "
                    + "without nulls."));
        }
        int gate = gateTimeoutSeconds == null ? DEFAULT_GATE_TIMEOUT_SECONDS : gateTimeoutSeconds;
        if (gate < 1 || gate > MAX_GATE_TIMEOUT_SECONDS) {
            errors.add(new ValidationException.FieldError("gateTimeoutSeconds", "The gate timeout is 1 to "
                    + MAX_GATE_TIMEOUT_SECONDS + " seconds, not " + gate + "."));
        }
        RolloutPlan.Selector picked = null;
        if (selector != null) {
            try {
                picked = new RolloutPlan.Selector(selector.type() == null ? null : StoreType.parse(selector.type()),
                        Boolean.TRUE.equals(selector.outdated()));
            } catch (ValidationException e) {
                errors.add(new ValidationException.FieldError("selector.type", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new RolloutPlan(stores, picked, values, chartVersion, canary == null ? 0 : canary,
                waves == null ? List.of(100) : waves, maxInFlight == null ? DEFAULT_MAX_IN_FLIGHT : maxInFlight,
                verify == null || verify, Duration.ofSeconds(gate), Boolean.TRUE.equals(keepFailed),
                Boolean.TRUE.equals(backupFirst));
    }
}
