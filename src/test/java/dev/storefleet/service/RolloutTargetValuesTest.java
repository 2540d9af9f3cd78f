package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * When a store already has a plan's values (so a rollout run again skips it), and how an operator's
 * values are laid over the store's own: key by key, as Helm merges values files.
 */
class RolloutTargetValuesTest {

    @Test
    void aReleaseHoldsAPlansValuesWhenEveryLeafIsThereWhateverTheNumberType() {
        Map<String, Object> deployed = Map.of("store", Map.of("name", "Shop"), "wordpress",
                Map.of("replicaCount", 2, "resources", Map.of("requests", Map.of("cpu", "150m"))));
        assertTrue(RolloutPlans.holds(deployed, Map.of("wordpress", Map.of("replicaCount", 2L))));
        assertTrue(RolloutPlans.holds(deployed, Map.of("wordpress", Map.of("replicaCount", 2.0))));
        assertTrue(RolloutPlans.holds(deployed, Map.of("wordpress", Map.of("resources", Map.of("requests", Map.of("cpu", "150m"))))));
        assertFalse(RolloutPlans.holds(deployed, Map.of("wordpress", Map.of("replicaCount", 3))));
        assertFalse(RolloutPlans.holds(deployed, Map.of("wordpress", Map.of("replicaCount", "2"))), "a string is not a number");
        assertFalse(RolloutPlans.holds(deployed, Map.of("mariadb", Map.of("user", "shop"))), "a value the release lacks");
        assertFalse(RolloutPlans.holds(deployed, Map.of("store", "Shop")), "a map is not a leaf");
        assertFalse(RolloutPlans.holds(Map.of("env", List.of("a")), Map.of("env", List.of("a", "b"))));
    }

    @Test
    void overridesAreMergedKeyByKeySoAnAnnotationKeepsTheStoresIngressHost() {
        Map<String, Object> merged = ChartValues.merged(
                Map.of("ingress", Map.of("host", "shop.example.test", "className", "traefik"), "store", Map.of("name", "Shop")),
                Map.of("ingress", Map.of("annotations", Map.of("a", "b"), "className", "nginx"), "extra", 1));
        assertEquals(Map.of("host", "shop.example.test", "className", "nginx", "annotations", Map.of("a", "b")),
                merged.get("ingress"));
        assertEquals(Map.of("name", "Shop"), merged.get("store"));
        assertEquals(1, merged.get("extra"));
        assertEquals("scalar", ChartValues.merged(Map.of("ingress", Map.of("host", "h")), Map.of("ingress", "scalar"))
                .get("ingress"), "a scalar override replaces a map, as in Helm");
    }
}
