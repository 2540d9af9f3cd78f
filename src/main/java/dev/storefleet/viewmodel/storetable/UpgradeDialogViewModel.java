package dev.storefleet.viewmodel.storetable;

import dev.storefleet.service.StoreService;
import dev.storefleet.viewmodel.UiExecutors;
import dev.storefleet.viewmodel.preview.ChangePreviewViewModel;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One opening of the upgrade confirmation, made by the store table for the stores it is about (the
 * lead store, or the selection): their names, and what upgrading the one picked to the bundled
 * chart would change, read in the background when it is picked.
 */
public final class UpgradeDialogViewModel {
    private final StoreService stores;
    private final List<StoreTarget> targets;
    private final ChangePreviewViewModel preview;
    private final ObjectProperty<String> previewed = new SimpleObjectProperty<>();
    private final BooleanProperty backupFirst;

    UpgradeDialogViewModel(StoreService stores, UiExecutors executors, List<StoreTarget> targets,
            BooleanProperty backupFirst) {
        this.stores = Objects.requireNonNull(stores);
        this.backupFirst = Objects.requireNonNull(backupFirst);
        this.targets = List.copyOf(targets);
        this.preview = new ChangePreviewViewModel(executors);
        previewed.addListener((o, was, name) -> load(name));
    }

    private void load(String name) {
        StoreTarget target = targets.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        if (target == null) {
            preview.reset();
            return;
        }
        long id = target.id();
        preview.load("upgrading '" + target.name() + "' to the bundled chart", () -> stores.previewUpgrade(id, Map.of()));
    }

    /** The stores the upgrade is about, in the order selected. */
    public List<String> names() {
        return targets.stream().map(StoreTarget::name).toList();
    }

    /** The store whose preview is shown; set it (FX thread) to read that store's. */
    public ObjectProperty<String> previewedProperty() {
        return previewed;
    }

    /** "Back up first": the store table's own choice, which the upgrade it confirms uses. */
    public BooleanProperty backupFirstProperty() {
        return backupFirst;
    }

    public ChangePreviewViewModel preview() {
        return preview;
    }
}
