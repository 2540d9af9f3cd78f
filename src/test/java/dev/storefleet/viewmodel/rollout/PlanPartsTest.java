package dev.storefleet.viewmodel.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The plan's pieces that need no service: values as typed, and how stores split into waves. */
class PlanPartsTest {

    @Test
    void valuesAreReadAsKeyValueLinesOrAsYaml() throws Exception {
        assertEquals(Map.of(), ValuesText.parse("  \n"));
        assertEquals(Map.of("woocommerce", Map.of("currency", "EUR", "replicas", 2), "debug", true),
                ValuesText.parse("woocommerce.currency=EUR\n# a comment\nwoocommerce.replicas=2\ndebug=true"));
        assertEquals(Map.of("woocommerce", Map.of("currency", "EUR")), ValuesText.parse("woocommerce:\n  currency: EUR\n"));
        assertEquals(Map.of("title", "a=b"), ValuesText.parse("title: a=b"), "a YAML value may hold an equals sign");
    }

    @Test
    void unreadableValuesSayWhere() {
        ValuesText.Invalid yaml = assertThrows(ValuesText.Invalid.class, () -> ValuesText.parse("a:\n  b: [1, 2\nc: d"));
        assertTrue(yaml.getMessage().startsWith("Line "), yaml.getMessage());
        ValuesText.Invalid scalar = assertThrows(ValuesText.Invalid.class, () -> ValuesText.parse("just a sentence"));
        assertTrue(scalar.getMessage().contains("not a single value"), scalar.getMessage());
        ValuesText.Invalid below = assertThrows(ValuesText.Invalid.class, () -> ValuesText.parse("a=1\na.b=2"));
        assertEquals("Line 2: 'a.b' goes below 'a', which an earlier line set to a value.", below.getMessage());
    }

    @Test
    void wavesAreNamedAfterTheCanary() {
        assertEquals(List.of("Canary", "Wave 1", "Wave 2"), IntStream.range(0, 3).mapToObj(i -> WaveLabels.label(i, 1)).toList());
        assertEquals(List.of("Wave 1", "Wave 2"), IntStream.range(0, 2).mapToObj(i -> WaveLabels.label(i, 0)).toList());
        assertEquals("3 stores in 2 waves (canary: 1, wave 1: 2); skipped, already at the target: old.",
                RolloutsViewModel.summaryOf(List.of(new PlannedWaveRow("Canary", List.of("a")),
                        new PlannedWaveRow("Wave 1", List.of("b", "c"))), List.of("old")));
    }
}
