package dev.storefleet.api;

import dev.storefleet.domain.NewStoreRequest;
import dev.storefleet.domain.ValidationException;

/**
 * The body of {@code POST /api/stores}: {@code name}, {@code owner}, {@code email}, {@code type},
 * or the seed's other spelling {@code storeName} and {@code userId}. Giving both spellings of one
 * field is refused rather than one silently winning.
 */
record CreateStoreBody(String name, String storeName, String owner, String userId, String email, String type) {

    /** The request for the store service; a missing owner is the token's user. */
    NewStoreRequest toRequest(String tokenUser) {
        String chosenName = either("name", name, "storeName", storeName);
        String chosenOwner = either("owner", owner, "userId", userId);
        return new NewStoreRequest(chosenName, chosenOwner == null ? tokenUser : chosenOwner, email, type);
    }

    private static String either(String field, String value, String alias, String aliasValue) {
        if (value != null && aliasValue != null) {
            throw ValidationException.of(field, "Give '" + field + "' or '" + alias + "', not both.");
        }
        return value != null ? value : aliasValue;
    }
}
