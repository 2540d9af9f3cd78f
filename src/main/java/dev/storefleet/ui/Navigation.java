package dev.storefleet.ui;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The console's pages and the sidebar that picks one, as Lens and Headlamp do it: one page fills
 * the window at a time. A page is one {@link #add} call (an id, a title, its node); the sidebar
 * button is {@code #nav<Id>} and the page around the content {@code #<id>Page}. The first page added is shown
 * first. Ctrl+1, Ctrl+2, … go to the pages in their order ({@code ConsoleView}).
 */
public final class Navigation {
    private final VBox sidebar = new VBox(2);
    private final StackPane pages = new StackPane();
    private final ToggleGroup group = new ToggleGroup();
    private final Map<String, ToggleButton> buttons = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper current = new ReadOnlyStringWrapper();

    public Navigation() {
        sidebar.setId("navigation");
        sidebar.getStyleClass().add("nav-sidebar");
        sidebar.setPadding(new Insets(10, 8, 10, 8));
        sidebar.setMinWidth(Region.USE_PREF_SIZE);
        pages.setId("pages");
        pages.setMinSize(0, 0);
        group.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                group.selectToggle(was); // one page is always shown
            }
        });
    }

    /** Adds a page: {@code id} in camel case ("stores", "activity"), {@code hint} the button's tooltip. */
    public Navigation add(String id, String title, String hint, Node content) {
        StackPane page = new StackPane(content); // the content keeps its own id (#metricsPanel)
        page.setId(id + "Page");
        ToggleButton button = new ToggleButton(title);
        button.setId("nav" + Character.toUpperCase(id.charAt(0)) + id.substring(1));
        button.getStyleClass().add("nav-button");
        button.setToggleGroup(group);
        button.setMaxWidth(Double.MAX_VALUE);
        button.setTooltip(new Tooltip(hint + " (Ctrl+" + (buttons.size() + 1) + ")"));
        page.visibleProperty().bind(button.selectedProperty());
        page.managedProperty().bind(page.visibleProperty());
        button.selectedProperty().addListener((o, a, selected) -> {
            if (selected) {
                current.set(id);
            }
        });
        buttons.put(id, button);
        sidebar.getChildren().add(button);
        pages.getChildren().add(page);
        if (buttons.size() == 1) {
            button.setSelected(true);
        }
        return this;
    }

    /** A caption between groups of pages in the sidebar. */
    public Navigation section(String caption) {
        Label label = new Label(caption);
        label.getStyleClass().addAll("nav-section", "text-small", "text-muted");
        sidebar.getChildren().add(label);
        return this;
    }

    public void show(String id) {
        ToggleButton button = buttons.get(id);
        if (button != null) {
            button.setSelected(true);
        }
    }

    /** Shows the {@code n}th page (0-based), if there is one. */
    public void showNth(int n) {
        buttons.values().stream().skip(n).findFirst().ifPresent(b -> b.setSelected(true));
    }

    public int size() {
        return buttons.size();
    }

    /** The id of the page shown. */
    public ReadOnlyStringProperty currentProperty() {
        return current.getReadOnlyProperty();
    }

    public Node sidebar() {
        return sidebar;
    }

    public Node pages() {
        return pages;
    }
}
