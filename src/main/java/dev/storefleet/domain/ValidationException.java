package dev.storefleet.domain;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule: each problem names its field so a form can show it in place. */
public final class ValidationException extends StoreException {
    private static final long serialVersionUID = 1L;

    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public ValidationException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::message).collect(Collectors.joining(" ")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a validation error needs at least one field error");
        }
        this.errors = List.copyOf(errors);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.VALIDATION;
    }
}
