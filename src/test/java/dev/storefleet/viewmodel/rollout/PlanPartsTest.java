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
    void aCanaryThenCumulativePercentagesOfTheRest() {
        List<String> twelve = IntStream.rangeClosed(1, 12).mapToObj(i -> "s" + i).toList();
        WavePlan plan = WavePlan.of(twelve, List.of("old"), 1, List.of(25, 100));
        assertEquals(List.of(1, 3, 8), plan.waves().stream().map(w -> w.stores().size()).toList());
        assertEquals(List.of("Canary", "Wave 1", "Wave 2"), plan.waves().stream().map(WavePlan.Wave::label).toList());
        assertEquals(List.of("s1"), plan.waves().get(0).stores());
        assertEquals("12 stores in 3 waves (canary: 1, wave 1: 3, wave 2: 8); skipped, already at the target: old.",
                RolloutsViewModel.summaryOf(plan));

        WavePlan small = WavePlan.of(List.of("a", "b"), List.of(), 0, List.of(10, 50, 100));
        assertEquals(List.of(List.of("a"), List.of("b")), small.waves().stream().map(WavePlan.Wave::stores).toList(),
                "no empty wave");
        assertEquals("Wave 1", small.waves().get(0).label());
    }
}
