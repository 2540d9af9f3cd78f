package dev.storefleet.domain;

import static org.junit.jupiter.api.Assertions.*;

import dev.storefleet.domain.ValuesDiff.Change;
import dev.storefleet.domain.ValuesDiff.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesDiffTest {

    private static ValuesDiff diff(Map<String, ?> current, Map<String, ?> target) {
        return ValuesDiff.between(3, "woocommerce-0.1.0", current, 1, "woocommerce-0.1.0", target);
    }

    @Test
    void nestedMapsAreComparedAsDottedPaths() {
        ValuesDiff d = diff(
                Map.of("ingress", Map.of("host", "b.stores.test", "className", "traefik"),
                        "wordpress", Map.of("replicaCount", 2)),
                Map.of("ingress", Map.of("host", "a.stores.test", "className", "traefik"),
                        "store", Map.of("name", "Shop")));
        assertEquals(List.of(
                new Change("ingress.host", Kind.CHANGED, "b.stores.test", "a.stores.test"),
                new Change("store.name", Kind.ADDED, null, "Shop"),
                new Change("wordpress.replicaCount", Kind.REMOVED, "2", null)), d.changes());
        assertEquals("Revision 3 → 1. 3 values change.", d.summary());
    }

    @Test
    void listsAreIndexedAndKeysWithDotsAreQuoted() {
        ValuesDiff d = diff(
                Map.of("env", List.of(Map.of("name", "A"), Map.of("name", "B")),
                        "annotations", Map.of("kubernetes.io/tls", "on")),
                Map.of("env", List.of(Map.of("name", "A")),
                        "annotations", Map.of("kubernetes.io/tls", "off")));
        assertEquals(List.of(
                new Change("annotations[\"kubernetes.io/tls\"]", Kind.CHANGED, "\"on\"", "\"off\""),
                new Change("env[1].name", Kind.REMOVED, "B", null)), d.changes());
    }

    @Test
    void typeChangesShowAsChangesOrAsTheLeavesThatMoved() {
        ValuesDiff d = diff(
                Map.of("replicas", 2, "port", "8080", "size", 1, "debug", Map.of("level", 3), "tags", List.of()),
                Map.of("replicas", "2", "port", 8080L, "size", 1L, "debug", true, "tags", List.of("x")));
        assertEquals(List.of(
                new Change("debug", Kind.ADDED, null, "true"),
                new Change("debug.level", Kind.REMOVED, "3", null),
                new Change("port", Kind.CHANGED, "\"8080\"", "8080"),
                new Change("replicas", Kind.CHANGED, "2", "\"2\""),
                new Change("tags", Kind.REMOVED, "[]", null),
                new Change("tags[0]", Kind.ADDED, null, "x")), d.changes(), "1 and 1L are the same number");
    }

    @Test
    void secretsAreMaskedButStillShownAsChanged() {
        ValuesDiff d = diff(
                Map.of("wordpress", Map.of("adminPassword", "old-pw", "adminUser", "admin"),
                        "stripe", Map.of("apiKey", "sk_live_1"), "secrets", Map.of("db", Map.of("user", "u"))),
                Map.of("wordpress", Map.of("adminPassword", "new-pw", "adminUser", "root"),
                        "stripe", Map.of("apiKey", "sk_live_1"), "auth", Map.of("token", "t0")));
        assertEquals(List.of(
                new Change("auth.token", Kind.ADDED, null, ValuesDiff.MASK),
                new Change("secrets.db.user", Kind.REMOVED, ValuesDiff.MASK, null),
                new Change("wordpress.adminPassword", Kind.CHANGED, ValuesDiff.MASK, ValuesDiff.MASK),
                new Change("wordpress.adminUser", Kind.CHANGED, "admin", "root")), d.changes(),
                "an unchanged secret is not listed; a changed one is, masked");
        assertFalse(d.changes().toString().contains("pw"));
        assertFalse(d.changes().toString().contains("t0"));
    }

    @Test
    void identicalValuesAreNoValueChangesEvenWhenTheChartDiffers() {
        Map<String, Object> values = Map.of("ingress", Map.of("host", "a.stores.test"), "empty", Map.of());
        ValuesDiff same = diff(values, values);
        assertTrue(same.noValueChanges());
        assertFalse(same.chartChanges());
        assertEquals("Revision 3 → 1. No value changes; only the chart/revision.", same.summary());

        ValuesDiff chart = ValuesDiff.between(3, "woocommerce-0.2.0", values, 1, "woocommerce-0.1.0", values);
        assertEquals("Revision 3 → 1; chart woocommerce-0.2.0 → woocommerce-0.1.0. No value changes; only the"
                + " chart/revision.", chart.summary());
        assertTrue(ValuesDiff.between(2, "c", null, 1, "c", Map.of()).noValueChanges(), "no values at all: {}");
    }
}
