package dev.storefleet.ui.storetable;

import dev.storefleet.domain.Store;
import dev.storefleet.domain.StoreHealth;
import dev.storefleet.domain.StoreStatus;
import dev.storefleet.domain.StoreType;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The store table's columns, each with an id (what the column chooser and the remembered layout
 * name it by) and what its widest cell may read, so {@link ColumnFitter} can size it to its content.
 */
final class StoreColumns {
    /** A column and how wide its content is: the texts it may show and the room its cell adds around them. */
    record Fitted(TableColumn<StoreRow, ?> column, Function<List<StoreRow>, List<String>> texts, boolean bold,
            double extra) {
    }

    private final Consumer<String> openUrl;
    private final TableColumn<StoreRow, StoreRow> progress = progressColumn();
    private final List<Fitted> fitted;

    StoreColumns(Consumer<String> openUrl) {
        this.openUrl = openUrl;
        fitted = List.of(
                new Fitted(text("Name", "nameColumn", Store::name), rows -> each(rows, Store::name), false, 0),
                new Fitted(text("Type", "typeColumn", s -> s.type().displayName()),
                        rows -> Arrays.stream(StoreType.values()).map(StoreType::displayName).toList(), false, 0),
                new Fitted(text("Owner", "ownerColumn", Store::owner), rows -> each(rows, Store::owner), false, 0),
                new Fitted(statusColumn(), rows -> Arrays.stream(StoreStatus.values())
                        .map(s -> icon(s) + "  " + s.label()).toList(), true, 0),
                new Fitted(healthColumn(), rows -> Arrays.stream(StoreHealth.State.values())
                        .map(StoreHealth.State::code).toList(), true, 0),
                new Fitted(progress, rows -> List.of("Waiting for the workloads"), false, 20),
                new Fitted(urlColumn(), rows -> each(rows, s -> s.url() == null ? "" : s.url()), false, 10),
                new Fitted(chartColumn(), rows -> each(rows, s -> s.chart() == null ? "—" : s.chart() + "  ↑"), false, 8),
                new Fitted(text("App version", "appVersionColumn", s -> s.appVersion() == null ? "—" : s.appVersion()),
                        rows -> each(rows, s -> s.appVersion() == null ? "—" : s.appVersion()), false, 0),
                new Fitted(revisionColumn(), rows -> List.of("999"), false, 0),
                new Fitted(ageColumn(), rows -> List.of("59m"), false, 0));
    }

    List<Fitted> fitted() {
        return fitted;
    }

    /** The column that takes what width is left: the running step's words can be long. */
    TableColumn<StoreRow, ?> flexible() {
        return progress;
    }

    private static List<String> each(List<StoreRow> rows, Function<Store, String> value) {
        return rows.stream().map(r -> value.apply(r.store())).toList();
    }

    private static TableColumn<StoreRow, String> text(String title, String id, Function<Store, String> value) {
        TableColumn<StoreRow, String> column = new TableColumn<>(title);
        column.setId(id);
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(value::apply));
        return column;
    }

    private static TableColumn<StoreRow, StoreStatus> statusColumn() {
        TableColumn<StoreRow, StoreStatus> column = new TableColumn<>("Status");
        column.setId("statusColumn");
        column.setCellValueFactory(c -> c.getValue().statusProperty());
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StoreStatus status, boolean empty) {
                super.updateItem(status, empty);
                getStyleClass().removeIf(s -> s.startsWith("status-"));
                if (empty || status == null) {
                    setText(null);
                    return;
                }
                setText(icon(status) + "  " + status.label());
                getStyleClass().add("status-" + status.code().replace('_', '-'));
            }
        });
        return column;
    }

    /**
     * What the fleet watch shows of a READY store: its state in words, coloured per state, the
     * reason as the tooltip; "—" for any other store.
     */
    private static TableColumn<StoreRow, StoreHealth> healthColumn() {
        TableColumn<StoreRow, StoreHealth> column = new TableColumn<>("Health");
        column.setId("healthColumn");
        column.setCellValueFactory(c -> c.getValue().healthProperty());
        column.setComparator(Comparator.nullsFirst(Comparator.comparing(StoreHealth::state)));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(StoreHealth health, boolean empty) {
                super.updateItem(health, empty);
                getStyleClass().removeIf(s -> s.startsWith("health-"));
                if (empty) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                if (health == null) {
                    setText(StoreRow.NO_HEALTH);
                    setTooltip(null);
                    return;
                }
                setText(health.state().code());
                getStyleClass().add("health-" + health.state().code());
                setTooltip(health.reason().isEmpty() ? null : new Tooltip(health.reason()));
            }
        });
        return column;
    }

    static String icon(StoreStatus status) {
        return switch (status) {
            case READY -> "●";
            case FAILED -> "✖";
            case CREATED -> "○";
            case DELETING -> "⌫";
            case SUSPENDED -> "⏸";
            default -> "◌";
        };
    }

    private static TableColumn<StoreRow, StoreRow> progressColumn() {
        TableColumn<StoreRow, StoreRow> column = new TableColumn<>("Progress");
        column.setId("progressColumn");
        column.setSortable(false);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setCellFactory(c -> new TableCell<>() {
            private final ProgressIndicator spinner = new ProgressIndicator();
            private final Label label = new Label();
            private final HBox box = new HBox(6, spinner, label);

            {
                spinner.setPrefSize(14, 14);
                spinner.setMaxSize(14, 14);
                box.setAlignment(Pos.CENTER_LEFT);
            }

            @Override
            protected void updateItem(StoreRow row, boolean empty) {
                super.updateItem(row, empty);
                label.textProperty().unbind();
                spinner.visibleProperty().unbind();
                if (empty || row == null) {
                    setGraphic(null);
                    return;
                }
                label.textProperty().bind(row.stepProperty());
                spinner.visibleProperty().bind(row.stepProperty().isNotEmpty());
                spinner.managedProperty().bind(spinner.visibleProperty());
                setGraphic(box);
            }
        });
        return column;
    }

    private TableColumn<StoreRow, String> urlColumn() {
        TableColumn<StoreRow, String> column = new TableColumn<>("URL");
        column.setId("urlColumn");
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(s -> s.url() == null ? "" : s.url()));
        column.setCellFactory(c -> new TableCell<>() {
            private final Hyperlink link = new Hyperlink();

            {
                link.setOnAction(e -> openUrl.accept(link.getText()));
            }

            @Override
            protected void updateItem(String url, boolean empty) {
                super.updateItem(url, empty);
                link.setText(url);
                setGraphic(empty || url == null || url.isEmpty() ? null : link);
            }
        });
        return column;
    }

    /**
     * The deployed chart as Helm lists it ({@code woocommerce-0.1.0}), "—" when not known; a store
     * behind the bundled chart of its type is marked ↑ (outdated), the bundled version as tooltip.
     */
    private static TableColumn<StoreRow, StoreRow> chartColumn() {
        TableColumn<StoreRow, StoreRow> column = new TableColumn<>("Chart");
        column.setId("chartColumn");
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        column.setComparator(Comparator.comparing(r -> r.store().chart() == null ? "" : r.store().chart()));
        column.setCellFactory(c -> new TableCell<>() {
            private StoreRow shown;
            private final javafx.beans.InvalidationListener redraw = o -> draw();

            @Override
            protected void updateItem(StoreRow row, boolean empty) {
                super.updateItem(row, empty);
                if (shown != null) {
                    shown.outdatedProperty().removeListener(redraw);
                    shown.storeProperty().removeListener(redraw);
                }
                shown = empty ? null : row;
                if (shown != null) {
                    shown.outdatedProperty().addListener(redraw);
                    shown.storeProperty().addListener(redraw);
                }
                draw();
            }

            private void draw() {
                getStyleClass().remove("chart-outdated");
                if (shown == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                Store s = shown.store();
                String chart = s.chart() == null ? StoreRow.NO_HEALTH : s.chart();
                if (shown.outdated()) {
                    setText(chart + "  ↑");
                    getStyleClass().add("chart-outdated");
                    setTooltip(new Tooltip("Outdated: this console carries " + s.type().chartName() + "-"
                            + shown.bundledVersion() + "; Upgrade brings the store to it"));
                } else {
                    setText(chart);
                    setTooltip(null);
                }
            }
        });
        return column;
    }

    private static TableColumn<StoreRow, Number> revisionColumn() {
        TableColumn<StoreRow, Number> column = new TableColumn<>("Rev");
        column.setId("revisionColumn");
        column.setCellValueFactory(c -> c.getValue().storeProperty()
                .map(s -> s.helmRevision() == null ? 0 : s.helmRevision()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null || n.intValue() == 0 ? null : n.toString());
            }
        });
        return column;
    }

    private static TableColumn<StoreRow, Instant> ageColumn() {
        TableColumn<StoreRow, Instant> column = new TableColumn<>("Age");
        column.setId("ageColumn");
        column.setCellValueFactory(c -> c.getValue().storeProperty().map(Store::createdAt));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant created, boolean empty) {
                super.updateItem(created, empty);
                setText(empty || created == null ? null : age(Duration.between(created, Instant.now())));
                setTooltip(empty || created == null ? null : new Tooltip("created " + created));
            }
        });
        return column;
    }

    /** kubectl-style ages: 45s, 12m, 3h, 5d. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m";
        }
        if (s < 86_400) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }
}
