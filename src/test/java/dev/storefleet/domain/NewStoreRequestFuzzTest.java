package dev.storefleet.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded fuzzing of {@link NewStoreRequest#validate()} against {@link InputRulesOracle}: every
 * request is refused field by field exactly where the oracle finds a rule broken, and an
 * accepted one is stored as the rules say. Set {@code -Dfuzz.seed=...} to replay a failure.
 */
@Timeout(10)
class NewStoreRequestFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 0x5F0F_2026_1201L);
    private static final int CASES = 10_000;

    @Test
    void validationRefusesExactlyWhatTheRulesRefuseAndStoresTheRest() {
        FuzzedText fuzz = new FuzzedText(SEED);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            NewStoreRequest asked = fuzz.request();
            String where = "seed " + SEED + ", case " + i + ": " + shown(asked);
            Map<String, String> broken = InputRulesOracle.brokenFields(asked);
            NewStoreRequest.ValidStoreRequest valid;
            try {
                valid = asked.validate();
            } catch (ValidationException e) {
                Set<String> refused = new LinkedHashSet<>();
                for (ValidationException.FieldError error : e.errors()) {
                    assertTrue(refused.add(error.field()), "one error per field; " + where);
                    assertFalse(error.message().isBlank(), where);
                    assertTrue(error.message().chars().allMatch(c -> (c >= ' ' && c < 0x7F) || c == '…'),
                            "a message names characters, it does not repeat them: " + error.message() + "; " + where);
                }
                Set<String> expected = new LinkedHashSet<>(broken.keySet());
                if (!broken.containsKey("name") && !InputRulesOracle.surelyHasASlug(asked)) {
                    refused.remove("name"); // a name without an ASCII letter may still have no slug
                }
                assertEquals(expected, refused, "refused fields; the oracle found " + broken + "; " + where);
                continue;
            }
            accepted++;
            NewStoreRequest stored = new NewStoreRequest(valid.name(), valid.owner(), valid.email(),
                    valid.type().chartName());
            assertNull(InputRulesOracle.storedWrongly(asked, stored, valid.slug()), where);
        }
        assertTrue(accepted > CASES / 10 && accepted < CASES * 9 / 10,
                "the fuzz mixes valid and invalid requests: " + accepted + " of " + CASES + " accepted (seed " + SEED + ")");
    }

    private static String shown(NewStoreRequest r) {
        return "name=" + InputRulesOracle.escaped(r.name()) + " owner=" + InputRulesOracle.escaped(r.owner())
                + " email=" + InputRulesOracle.escaped(r.email()) + " type=" + InputRulesOracle.escaped(r.type());
    }
}
