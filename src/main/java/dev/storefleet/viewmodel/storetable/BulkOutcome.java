package dev.storefleet.viewmodel.storetable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bulk action did: the stores it acted on (with a result in words where the action has one,
 * such as a verification's), those refused (with why), those skipped.
 */
record BulkOutcome(List<String> done, Map<String, String> results, Map<String, String> refused, List<String> skipped) {
    BulkOutcome(List<String> skipped) {
        this(new ArrayList<>(), new LinkedHashMap<>(), new LinkedHashMap<>(), skipped);
    }

    /** "Deleting 3 stores; 'x' refused: …; 'y' skipped (not possible in its state)"; results as "'z' passed". */
    String summary(String verb) {
        StringBuilder words = new StringBuilder(verb).append(' ').append(done.size())
                .append(done.size() == 1 ? " store" : " stores");
        results.forEach((name, result) -> words.append("; '").append(name).append("' ").append(result));
        refused.forEach((name, why) -> words.append("; '").append(name).append("' refused: ").append(why));
        skipped.forEach(name -> words.append("; '").append(name).append("' skipped (not possible in its state)"));
        return words.toString();
    }
}
