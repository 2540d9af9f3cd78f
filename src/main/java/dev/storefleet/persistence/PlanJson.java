package dev.storefleet.persistence;

import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.StoreType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A rollout plan as the JSON text the {@code rollout} table keeps, and back. */
final class PlanJson {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PlanJson() {
    }

    static String write(RolloutPlan plan) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stores", plan.storeIds());
        if (plan.selector() != null) {
            Map<String, Object> selector = new LinkedHashMap<>();
            selector.put("type", plan.selector().type() == null ? null : plan.selector().type().name());
            selector.put("outdatedOnly", plan.selector().outdatedOnly());
            out.put("selector", selector);
        }
        out.put("values", plan.values());
        out.put("chartVersion", plan.chartVersion());
        out.put("canary", plan.canary());
        out.put("waves", plan.waves());
        out.put("maxInFlight", plan.maxInFlight());
        out.put("verify", plan.verify());
        out.put("gateTimeoutMs", plan.gateTimeout() == null ? null : plan.gateTimeout().toMillis());
        out.put("keepFailed", plan.keepFailed());
        out.put("backupFirst", plan.backupFirst());
        return JSON.writeValueAsString(out);
    }

    @SuppressWarnings("unchecked")
    static RolloutPlan read(String text) {
        Map<String, Object> in = JSON.readValue(text, Map.class);
        List<Long> stores = new ArrayList<>();
        for (Object id : (List<Object>) in.getOrDefault("stores", List.of())) {
            stores.add(((Number) id).longValue());
        }
        RolloutPlan.Selector selector = null;
        if (in.get("selector") instanceof Map<?, ?> s) {
            Object type = s.get("type");
            selector = new RolloutPlan.Selector(type == null ? null : StoreType.valueOf((String) type),
                    Boolean.TRUE.equals(s.get("outdatedOnly")));
        }
        List<Integer> waves = new ArrayList<>();
        for (Object w : (List<Object>) in.getOrDefault("waves", List.of())) {
            waves.add(((Number) w).intValue());
        }
        Object gate = in.get("gateTimeoutMs");
        return new RolloutPlan(stores, selector, (Map<String, Object>) in.getOrDefault("values", Map.of()),
                (String) in.get("chartVersion"), ((Number) in.get("canary")).intValue(), waves,
                ((Number) in.get("maxInFlight")).intValue(), Boolean.TRUE.equals(in.get("verify")),
                gate == null ? null : Duration.ofMillis(((Number) gate).longValue()), Boolean.TRUE.equals(in.get("keepFailed")),
                Boolean.TRUE.equals(in.get("backupFirst"))); // absent in plans written before it existed
    }
}
