package dev.storefleet.service;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.RolloutStoreStatus;
import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.domain.ValidationException.FieldError;
import dev.storefleet.service.port.RolloutRepository.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A rollout plan checked and cut into waves. Field errors are named as the REST body names them.
 * The canary (wave 0) is the first {@code canary} stores that need an upgrade; the others follow in
 * waves of the cumulative percentages of the rest, rounded up, with no empty wave. A store already at
 * the target (the bundled chart, no values to set) is SKIPPED from the start, with words.
 */
final class RolloutPlans {
    /** The waves when the plan names none: every store after the canary at once. */
    static final List<Integer> ONE_WAVE = List.of(100);

    private RolloutPlans() {
    }

    /** The plan with its defaults filled in (waves, gate timeout). */
    static RolloutPlan withDefaults(RolloutPlan plan) {
        return new RolloutPlan(plan.storeIds(), plan.selector(), plan.values(), plan.chartVersion(), plan.canary(),
                plan.waves().isEmpty() ? ONE_WAVE : plan.waves(), plan.maxInFlight(), plan.verify(),
                plan.gateTimeout() == null ? Guardrails.ROLLOUT_GATE_TIMEOUT : plan.gateTimeout(), plan.keepFailed(),
                plan.backupFirst());
    }

    /**
     * Checks {@code plan} against the stores there are and the charts this console carries
     * ({@code bundled}: null when a type's chart version is not known), and returns its steps, wave
     * by wave; throws ValidationException with every field error at once.
     */
    static List<Step> resolve(RolloutPlan plan, List<Store> all, Function<StoreType, ChartVersion> bundled,
            BiPredicate<Store, Map<String, Object>> hasValues) {
        List<FieldError> errors = new ArrayList<>();
        List<Store> selected = select(plan, all, bundled, errors);
        int n = selected.size();
        if (plan.canary() < 0 || n > 0 && plan.canary() >= n) {
            errors.add(new FieldError("canary", "canary must be at least 0 and fewer than the " + n
                    + " stores selected, so that a wave follows it; it is " + plan.canary() + "."));
        }
        checkWaves(plan.waves(), errors);
        if (plan.maxInFlight() < 1 || plan.maxInFlight() > Guardrails.MAX_ROLLOUT_IN_FLIGHT) {
            errors.add(new FieldError("maxInFlight", "maxInFlight must be between 1 and " + Guardrails.MAX_ROLLOUT_IN_FLIGHT
                    + " (stores upgraded at once); it is " + plan.maxInFlight() + "."));
        }
        Duration gate = plan.gateTimeout();
        if (gate.isNegative() || gate.isZero() || gate.compareTo(Guardrails.MAX_ROLLOUT_GATE_TIMEOUT) > 0) {
            errors.add(new FieldError("gateTimeout", "gateTimeout must be more than 0 s and at most "
                    + Guardrails.MAX_ROLLOUT_GATE_TIMEOUT.toMinutes() + " minutes; it is " + gate.toSeconds() + " s."));
        }
        for (String key : plan.values().keySet()) {
            if (key.isBlank()) {
                errors.add(new FieldError("values", "values has a blank key; name each chart value you set."));
                break;
            }
        }
        checkChartVersion(plan, selected, bundled, errors);
        if (errors.isEmpty() && selected.stream().allMatch(s -> atTarget(s, plan, bundled, hasValues))) {
            errors.add(new FieldError("stores", "Every selected store is already at the bundled chart"
                    + (plan.values().isEmpty() ? " and the plan sets no values" : " with these values")
                    + ": this rollout would change nothing. Change the values, or pick stores that are behind."));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return waves(plan, selected, bundled, hasValues);
    }

    private static List<Store> select(RolloutPlan plan, List<Store> all, Function<StoreType, ChartVersion> bundled,
            List<FieldError> errors) {
        boolean byIds = !plan.storeIds().isEmpty();
        if (byIds == (plan.selector() != null)) {
            errors.add(new FieldError(byIds ? "selector" : "stores", byIds
                    ? "Give either stores or selector, not both."
                    : "Say which stores: stores (a list of store ids) or selector (a type, and outdatedOnly)."));
            return List.of();
        }
        if (byIds) {
            Map<Long, Store> byId = all.stream().collect(Collectors.toMap(Store::id, s -> s));
            Set<Long> ids = new LinkedHashSet<>(plan.storeIds());
            List<Long> missing = ids.stream().filter(id -> !byId.containsKey(id)).toList();
            if (!missing.isEmpty()) {
                errors.add(new FieldError("stores", "No store has id " + missing.stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + " (deleted, or never made); refresh the store list."));
            }
            if (ids.size() < plan.storeIds().size()) {
                errors.add(new FieldError("stores", "A store is listed twice; list each store once."));
            }
            return ids.stream().filter(byId::containsKey).map(byId::get).toList();
        }
        RolloutPlan.Selector selector = plan.selector();
        List<Store> matched = all.stream()
                .filter(s -> selector.type() == null || s.type() == selector.type())
                .filter(s -> !selector.outdatedOnly() || !atChart(s, bundled))
                .toList();
        if (matched.isEmpty()) {
            errors.add(new FieldError("selector", "The selector matches no store"
                    + (selector.type() == null ? "" : " of type " + selector.type().displayName())
                    + (selector.outdatedOnly() ? " behind the bundled chart" : "") + "."));
        }
        return matched;
    }

    private static void checkWaves(List<Integer> waves, List<FieldError> errors) {
        int previous = 0;
        for (Integer w : waves) {
            if (w == null || w < 1 || w > 100 || w <= previous) {
                errors.add(new FieldError("waves", "waves are cumulative percentages of the stores after the canary,"
                        + " each from 1 to 100 and larger than the one before, the last 100 (e.g. [25, 100]); got "
                        + waves + "."));
                return;
            }
            previous = w;
        }
        if (previous != 100) {
            errors.add(new FieldError("waves", "The last wave must be 100 (every store); got " + waves + "."));
        }
    }

    private static void checkChartVersion(RolloutPlan plan, List<Store> selected, Function<StoreType, ChartVersion> bundled,
            List<FieldError> errors) {
        if (plan.chartVersion() == null) {
            return;
        }
        Set<StoreType> types = selected.stream().map(Store::type).collect(Collectors.toCollection(LinkedHashSet::new));
        for (StoreType type : types) {
            ChartVersion carried = bundled.apply(type);
            if (carried == null) {
                errors.add(new FieldError("chartVersion", "This console cannot tell the version of its bundled "
                        + type.chartName() + " chart; leave chartVersion out to upgrade to the bundled chart."));
            } else if (!carried.version().equals(plan.chartVersion())) {
                errors.add(new FieldError("chartVersion", "This console carries " + carried.label() + "; a rollout goes to"
                        + " the bundled chart only, so chartVersion must be " + carried.version() + " (it is "
                        + plan.chartVersion() + ")."));
            }
        }
    }

    private static List<Step> waves(RolloutPlan plan, List<Store> selected, Function<StoreType, ChartVersion> bundled,
            BiPredicate<Store, Map<String, Object>> hasValues) {
        List<Step> steps = new ArrayList<>();
        List<Store> rest = new ArrayList<>(selected);
        int canary = 0;
        for (Store s : selected) {
            if (canary == plan.canary()) {
                break;
            }
            if (!atTarget(s, plan, bundled, hasValues)) {
                steps.add(step(s, 0, plan, bundled, hasValues));
                rest.remove(s);
                canary++;
            }
        }
        int wave = canary > 0 ? 1 : 0;
        int placed = 0;
        for (int percent : plan.waves()) {
            int upTo = (int) Math.ceil(rest.size() * percent / 100.0);
            if (upTo > placed) {
                for (Store s : rest.subList(placed, upTo)) {
                    steps.add(step(s, wave, plan, bundled, hasValues));
                }
                placed = upTo;
                wave++;
            }
        }
        return steps;
    }

    private static Step step(Store store, int wave, RolloutPlan plan, Function<StoreType, ChartVersion> bundled,
            BiPredicate<Store, Map<String, Object>> hasValues) {
        Step pending = Step.pending(store.id(), store.name(), wave);
        return atTarget(store, plan, bundled, hasValues) ? pending.with(RolloutStoreStatus.SKIPPED, atTargetWords(store, plan))
                : pending;
    }

    /**
     * True when upgrading the store would change nothing: it runs the bundled chart and already has
     * every value the plan sets ({@code hasValues}, asked only then: it reads the store's release).
     * So a plan run again after a halt upgrades only the stores it had not reached.
     */
    static boolean atTarget(Store store, RolloutPlan plan, Function<StoreType, ChartVersion> bundled,
            BiPredicate<Store, Map<String, Object>> hasValues) {
        return atChart(store, bundled) && (plan.values().isEmpty() || hasValues.test(store, plan.values()));
    }

    /** Why a store at the target is skipped. */
    static String atTargetWords(Store store, RolloutPlan plan) {
        return "already at " + store.chart() + (plan.values().isEmpty() ? " and the plan sets no values"
                : " with the plan's values");
    }

    /**
     * Whether {@code deployed} (a release's user values) already holds every leaf of {@code wanted};
     * numbers compare by value, whatever type JSON or YAML gave them.
     */
    static boolean holds(Map<?, ?> deployed, Map<?, ?> wanted) {
        for (Map.Entry<?, ?> entry : wanted.entrySet()) {
            Object have = deployed.get(entry.getKey());
            Object want = entry.getValue();
            if (want instanceof Map<?, ?> nested) {
                if (!(have instanceof Map<?, ?> haveNested) || !holds(haveNested, nested)) {
                    return false;
                }
            } else if (!sameLeaf(have, want)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameLeaf(Object have, Object want) {
        if (have instanceof Number a && want instanceof Number b) {
            return new java.math.BigDecimal(a.toString()).compareTo(new java.math.BigDecimal(b.toString())) == 0;
        }
        return Objects.equals(have, want);
    }

    private static boolean atChart(Store store, Function<StoreType, ChartVersion> bundled) {
        ChartVersion carried = bundled.apply(store.type());
        return carried != null && store.chart() != null && carried.label().equals(store.chart());
    }
}
