package dev.storefleet.api;

import dev.storefleet.domain.ChangePreview;
import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ValuesDiff;
import java.util.List;
import java.util.Locale;

/**
 * The preview of an upgrade or rollback ({@code ?dryRun=true}): the chart it goes from and to, the
 * revisions, the user values that change (secret-looking ones masked), each Kubernetes object added,
 * removed or changed with a unified diff of its YAML (Secret data masked), and whether the change
 * would change nothing at all.
 */
record PreviewView(long storeId, String storeName, String chartBefore, String chartAfter, int fromRevision,
        int toRevision, List<ValueChange> values, List<ObjectView> objects, boolean atTarget) {

    record ValueChange(String path, String change, String before, String after) {
    }

    record ObjectView(String kind, String name, String change, String diff) {
    }

    static PreviewView of(ChangePreview preview) {
        ValuesDiff values = preview.values();
        return new PreviewView(preview.storeId(), preview.storeName(), preview.chartBefore(), preview.chartAfter(),
                values.fromRevision(), values.toRevision(),
                values.changes().stream().map(c -> new ValueChange(c.path(), word(c.kind()), c.before(), c.after())).toList(),
                preview.manifests().objects().stream().map(PreviewView::object).toList(), preview.atTarget());
    }

    private static ObjectView object(ManifestDiff.ObjectChange change) {
        return new ObjectView(change.kind(), change.name(), word(change.change()), change.unifiedDiff());
    }

    private static String word(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
