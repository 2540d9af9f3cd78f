package dev.storefleet.viewmodel.storetable;

import dev.storefleet.domain.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The selected stores a bulk action may act on, and the names of those it may not. */
record BulkTargets(List<StoreTarget> allowed, List<String> skipped) {
    static BulkTargets of(List<StoreRow> rows, Predicate<Store> allowed) {
        List<StoreTarget> yes = new ArrayList<>();
        List<String> no = new ArrayList<>();
        for (StoreRow row : rows) {
            if (allowed.test(row.store())) {
                yes.add(StoreTarget.of(row));
            } else {
                no.add(row.store().name());
            }
        }
        return new BulkTargets(List.copyOf(yes), List.copyOf(no));
    }
}
