package dev.storefleet.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a caller asks for when creating a store, as typed (untrusted). {@link #validate()}
 * applies the input rules of DESIGN.md and gives a {@link ValidStoreRequest} or every
 * problem at once, so a form can show them all.
 */
public record NewStoreRequest(String name, String owner, String email, String type) {

    public static final int MAX_OWNER_LENGTH = 255;
    public static final int MAX_EMAIL_LENGTH = 254;

    /** Pragmatic e-mail shape: one @, no spaces, a dot in the domain. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public ValidStoreRequest validate() {
        List<ValidationException.FieldError> errors = new ArrayList<>();
        String cleanName = trimmed(name);
        String slug = "";
        if (cleanName.isEmpty()) {
            errors.add(error("name", "Store name is required."));
        } else if (cleanName.length() > StoreNames.MAX_NAME_LENGTH) {
            errors.add(error("name", "Store name is " + cleanName.length() + " characters long; the limit is "
                    + StoreNames.MAX_NAME_LENGTH + "."));
        } else if (CONTROL.matcher(cleanName).find()) {
            errors.add(error("name", "Store name must not contain control characters such as tabs or line breaks."));
        } else {
            slug = StoreNames.slugOf(cleanName);
            if (slug.isEmpty()) {
                errors.add(error("name", "Store name needs at least one letter (a-z) or digit,"
                        + " so a Kubernetes namespace can be named after it."));
            }
        }

        String cleanOwner = trimmed(owner);
        if (cleanOwner.isEmpty()) {
            errors.add(error("owner", "Owner is required."));
        } else if (cleanOwner.length() > MAX_OWNER_LENGTH) {
            errors.add(error("owner", "Owner is longer than " + MAX_OWNER_LENGTH + " characters."));
        } else if (CONTROL.matcher(cleanOwner).find()) {
            errors.add(error("owner", "Owner must not contain control characters."));
        }

        String cleanEmail = trimmed(email);
        if (!cleanEmail.isEmpty()
                && (cleanEmail.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(cleanEmail).matches())) {
            errors.add(error("email", "E-mail '" + cleanEmail + "' is not a valid address (like ops@example.com)."));
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

    private static String trimmed(String text) {
        return text == null ? "" : text.strip();
    }

    private static ValidationException.FieldError error(String field, String message) {
        return new ValidationException.FieldError(field, message);
    }

    /** A request that passed every input rule, with its derived slug. */
    public record ValidStoreRequest(String name, String slug, String owner, String email, StoreType type) {
        /** Owners are compared case-insensitively, so "Alice" cannot dodge the quota of "alice". */
        public String ownerKey() {
            return owner.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
