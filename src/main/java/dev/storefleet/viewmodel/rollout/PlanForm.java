package dev.storefleet.viewmodel.rollout;

import dev.storefleet.domain.ChartVersion;
import dev.storefleet.domain.Guardrails;
import dev.storefleet.domain.RolloutPlan;
import dev.storefleet.domain.StoreType;
import dev.storefleet.domain.ValidationException;
import dev.storefleet.viewmodel.storetable.StoreRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The rollout plan form: which stores, what values, the waves, how many at once, the gate and the
 * failure policy, as the operator types them, and each field's error in place. {@link #read} turns
 * the inputs into a plan on the FX thread (nothing is read later on a worker).
 */
public final class PlanForm {
    /** How the stores are picked. */
    public enum Scope {
        SELECTION("The stores selected in the table"),
        TYPE("Every store of a type"),
        OUTDATED("Stores behind the bundled chart");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smh]?)");
    private static final Duration LONGEST_GATE = Guardrails.MAX_ROLLOUT_GATE_TIMEOUT;

    private final ObjectProperty<Scope> scope = new SimpleObjectProperty<>(Scope.SELECTION);
    private final ObjectProperty<StoreType> type = new SimpleObjectProperty<>(null);
    private final StringProperty values = new SimpleStringProperty("");
    private final StringProperty canary = new SimpleStringProperty("1");
    private final StringProperty waves = new SimpleStringProperty("25, 100");
    private final StringProperty maxInFlight = new SimpleStringProperty("4");
    private final BooleanProperty verify = new SimpleBooleanProperty(true);
    private final StringProperty gateTimeout = new SimpleStringProperty("10m");
    private final BooleanProperty keepFailed = new SimpleBooleanProperty(false);
    private final BooleanProperty backupFirst = new SimpleBooleanProperty(false);

    private final ReadOnlyStringWrapper storesError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper valuesError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper canaryError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper wavesError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper maxInFlightError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper gateTimeoutError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper formError = new ReadOnlyStringWrapper("");

    /**
     * Reads and checks what can be checked here (FX thread): numbers, the values' syntax, a selection
     * that is there. {@code selection} and {@code all} are the table's rows, {@code bundled} its
     * bundled charts. Null when a field is wrong: its error is shown in place. The rollout service
     * checks the rest (and cuts the waves) when asked for the plan's preview or to start it.
     */
    RolloutPlan read(List<StoreRow> selection, List<StoreRow> all, Map<StoreType, ChartVersion> bundled) {
        clearErrors();
        Map<String, Object> parsedValues = null;
        try {
            parsedValues = ValuesText.parse(values.get());
        } catch (ValuesText.Invalid e) {
            valuesError.set(e.getMessage());
        }
        Integer canaryCount = whole(canary.get(), 0, 1000, canaryError, "The canary is a number of stores, 0 for none.");
        Integer inFlight = whole(maxInFlight.get(), 1, Guardrails.MAX_ROLLOUT_IN_FLIGHT, maxInFlightError,
                "Stores at once is a number from 1 to " + Guardrails.MAX_ROLLOUT_IN_FLIGHT + ".");
        List<Integer> percentages = percentages(waves.get());
        Duration gate = duration(gateTimeout.get());

        List<StoreRow> picked = switch (scope.get()) {
            case SELECTION -> List.copyOf(selection);
            case TYPE -> all.stream().filter(r -> type.get() == null || r.store().type() == type.get())
                    .sorted(Comparator.comparingLong(StoreRow::id)).toList();
            case OUTDATED -> all.stream().filter(r -> (type.get() == null || r.store().type() == type.get()) && r.outdated())
                    .sorted(Comparator.comparingLong(StoreRow::id)).toList();
        };
        if (picked.isEmpty()) {
            storesError.set(switch (scope.get()) {
                case SELECTION -> "Select the stores in the Stores table first (shift/ctrl-click or Select all).";
                case TYPE -> "There is no store of this type.";
                case OUTDATED -> "No store is behind the bundled chart" + (bundled.isEmpty()
                        ? " (the bundled charts' versions are not known to this console)." : ".");
            });
        }
        if (parsedValues == null || canaryCount == null || inFlight == null || percentages == null || gate == null
                || picked.isEmpty()) {
            return null;
        }
        return new RolloutPlan(scope.get() == Scope.SELECTION ? picked.stream().map(StoreRow::id).toList() : List.of(),
                scope.get() == Scope.SELECTION ? null : new RolloutPlan.Selector(type.get(), scope.get() == Scope.OUTDATED),
                parsedValues, null, canaryCount, percentages, inFlight, verify.get(), gate, keepFailed.get(),
                backupFirst.get());
    }

    /** The service's refusal of a plan, each field's words put in place; what names no field goes under the form. */
    void show(ValidationException refusal) {
        clearErrors();
        List<String> general = new ArrayList<>();
        for (ValidationException.FieldError e : refusal.errors()) {
            String field = e.field() == null ? "" : e.field();
            ReadOnlyStringWrapper target = switch (field) {
                case "stores", "storeIds", "selector", "type", "outdatedOnly" -> storesError;
                case "values" -> valuesError;
                case "canary" -> canaryError;
                case "waves" -> wavesError;
                case "maxInFlight" -> maxInFlightError;
                case "gateTimeout" -> gateTimeoutError;
                default -> null;
            };
            if (target == null) {
                general.add(e.message());
            } else {
                target.set(target.get().isEmpty() ? e.message() : target.get() + " " + e.message());
            }
        }
        formError.set(String.join(" ", general));
    }

    void clearErrors() {
        for (ReadOnlyStringWrapper e : List.of(storesError, valuesError, canaryError, wavesError, maxInFlightError,
                gateTimeoutError, formError)) {
            e.set("");
        }
    }

    private static Integer whole(String text, int min, int max, ReadOnlyStringWrapper error, String words) {
        try {
            int n = Integer.parseInt(text == null ? "" : text.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        error.set(words);
        return null;
    }

    /** "25, 100" → [25, 100]: whole percentages, rising, the last 100. */
    private List<Integer> percentages(String text) {
        List<Integer> list = new ArrayList<>();
        String[] parts = (text == null ? "" : text).split("[,\\s]+");
        for (String part : parts) {
            if (part.isBlank()) {
                continue;
            }
            String number = part.endsWith("%") ? part.substring(0, part.length() - 1) : part;
            try {
                list.add(Integer.parseInt(number));
            } catch (NumberFormatException e) {
                wavesError.set("'" + part + "' is not a percentage: write cumulative percentages such as 25, 100.");
                return null;
            }
        }
        if (list.isEmpty()) {
            wavesError.set("Give the waves as cumulative percentages of the stores after the canary, such as 25, 100.");
            return null;
        }
        for (int i = 0; i < list.size(); i++) {
            int p = list.get(i);
            if (p < 1 || p > 100 || i > 0 && p <= list.get(i - 1)) {
                wavesError.set("Each wave is a percentage from 1 to 100, higher than the one before (25, 100).");
                return null;
            }
        }
        if (list.get(list.size() - 1) != 100) {
            wavesError.set("The last wave is 100: every store is upgraded by the end.");
            return null;
        }
        return List.copyOf(list);
    }

    /** "10m", "90s", "1h"; a plain number is seconds. */
    private Duration duration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
            if (!d.isZero() && d.compareTo(LONGEST_GATE) <= 0) {
                return d;
            }
        }
        gateTimeoutError.set("The gate timeout is a time such as 90s, 10m or 1h (at most "
                + LONGEST_GATE.toMinutes() + " minutes).");
        return null;
    }

    public ObjectProperty<Scope> scopeProperty() {
        return scope;
    }

    /** The type the stores are picked by (null: any type); with the selection, not used. */
    public ObjectProperty<StoreType> typeProperty() {
        return type;
    }

    /** YAML or key=value lines set on top of each store's values; empty: none. */
    public StringProperty valuesProperty() {
        return values;
    }

    public StringProperty canaryProperty() {
        return canary;
    }

    public StringProperty wavesProperty() {
        return waves;
    }

    public StringProperty maxInFlightProperty() {
        return maxInFlight;
    }

    public BooleanProperty verifyProperty() {
        return verify;
    }

    public StringProperty gateTimeoutProperty() {
        return gateTimeout;
    }

    public BooleanProperty keepFailedProperty() {
        return keepFailed;
    }

    /** Back each store up before its upgrade, and wait for it. */
    public BooleanProperty backupFirstProperty() {
        return backupFirst;
    }

    public ReadOnlyStringProperty storesErrorProperty() {
        return storesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty valuesErrorProperty() {
        return valuesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty canaryErrorProperty() {
        return canaryError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty wavesErrorProperty() {
        return wavesError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty maxInFlightErrorProperty() {
        return maxInFlightError.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gateTimeoutErrorProperty() {
        return gateTimeoutError.getReadOnlyProperty();
    }

    /** A refusal that names no field of the form (the chart version, the rollout a store is already in…). */
    public ReadOnlyStringProperty formErrorProperty() {
        return formError.getReadOnlyProperty();
    }
}
