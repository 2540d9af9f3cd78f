package dev.storefleet.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a caller asks for when creating a store, as typed (untrusted). {@link #validate()}
 * applies the input rules ("Input rules" in docs/api.md; the limits are in {@link Guardrails}) and
 * gives a {@link ValidStoreRequest} or every problem at once, one per field, so a form can show
 * them all.
 */
public record NewStoreRequest(String name, String owner, String email, String type) {

    private static final String NAME_CHARACTERS = "letters, digits, punctuation, symbols and plain spaces";

    public ValidStoreRequest validate() {
        List<ValidationException.FieldError> errors = new ArrayList<>();
        String cleanName = trimmed(name);
        String slug = "";
        String nameProblem = textProblem("Store name", name, cleanName, Guardrails.MAX_NAME_LENGTH);
        if (nameProblem != null) {
            errors.add(error("name", nameProblem));
        } else {
            slug = StoreNames.slugOf(cleanName);
            if (slug.isEmpty()) {
                errors.add(error("name", "Store name needs at least one letter (a-z) or digit,"
                        + " so a Kubernetes namespace can be named after it."));
            }
        }

        String cleanOwner = trimmed(owner);
        String ownerProblem = textProblem("Owner", owner, cleanOwner, Guardrails.MAX_OWNER_LENGTH);
        if (ownerProblem != null) {
            errors.add(error("owner", ownerProblem));
        }

        String cleanEmail = trimmed(email);
        String emailProblem = cleanEmail.isEmpty() ? null : emailProblem(email, cleanEmail);
        if (emailProblem != null) {
            errors.add(error("email", emailProblem));
        }

        StoreType storeType = null;
        try {
            storeType = StoreType.parse(type);
        } catch (ValidationException e) {
            errors.addAll(e.errors());
        }

        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ValidStoreRequest(cleanName, slug, cleanOwner, cleanEmail.isEmpty() ? null : cleanEmail, storeType);
    }

    /** Why a name or owner is refused, or null. The length is counted as the database stores it: lower-cased too. */
    private static String textProblem(String label, String given, String clean, int maxLength) {
        if (clean.isEmpty()) {
            return label + " is required.";
        }
        int length = Math.max(clean.length(), clean.toLowerCase(Locale.ROOT).length());
        if (length > maxLength) {
            return label + " is " + length + " characters long; the limit is " + maxLength + ".";
        }
        return InputText.firstBad(given, InputText::allowedInName)
                .map(bad -> label + " contains " + bad.words() + "; remove it: only " + NAME_CHARACTERS
                        + " are allowed.")
                .orElse(null);
    }

    private static String emailProblem(String given, String clean) {
        int leadingSpaces = given.indexOf(clean);
        String badCharacter = InputText.firstBad(clean, InputText::printableAscii)
                .map(bad -> "E-mail contains " + bad.shiftedBy(leadingSpaces).words() + "; an address is plain"
                        + " ASCII letters, digits and punctuation without spaces (write an international domain"
                        + " in its xn-- form).")
                .orElse(null);
        if (badCharacter != null) {
            return badCharacter;
        }
        if (clean.length() > Guardrails.MAX_EMAIL_LENGTH) {
            return "E-mail is " + clean.length() + " characters long; the limit is " + Guardrails.MAX_EMAIL_LENGTH + ".";
        }
        if (!Guardrails.EMAIL.matcher(clean).matches() || clean.indexOf('@') > Guardrails.MAX_EMAIL_LOCAL_PART_LENGTH) {
            return "E-mail '" + clean + "' is not a valid address (like ops@example.com).";
        }
        return null;
    }

    private static String trimmed(String text) {
        return text == null ? "" : InputText.trimSpaces(text);
    }

    private static ValidationException.FieldError error(String field, String message) {
        return new ValidationException.FieldError(field, message);
    }

    /** A request that passed every input rule, with its derived slug. */
    public record ValidStoreRequest(String name, String slug, String owner, String email, StoreType type) {
        /** Owners are compared case-insensitively, so "Alice" cannot dodge the quota of "alice". */
        public String ownerKey() {
            return owner.toLowerCase(Locale.ROOT);
        }
    }
}
