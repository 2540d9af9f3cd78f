package dev.storefleet.domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class NewStoreRequestTest {

    @Test
    void theSeedsExampleIsValidAndDefaultsToWooCommerce() {
        NewStoreRequest.ValidStoreRequest valid = new NewStoreRequest("My Store", "user-1", "owner@example.com", null)
                .validate();
        assertEquals("My Store", valid.name());
        assertEquals("my-store", valid.slug());
        assertEquals(StoreType.WOOCOMMERCE, valid.type());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> new NewStoreRequest(" ", "", "not-an-email", "shopify").validate());
        assertEquals(List.of("name", "owner", "email", "type"),
                e.errors().stream().map(ValidationException.FieldError::field).toList());
        assertEquals(400, e.kind().httpStatus());
        assertTrue(e.getMessage().contains("Store name is required."), e.getMessage());
        assertTrue(e.getMessage().contains("woocommerce or medusa"), e.getMessage());
    }

    @Test
    void nameRules() {
        assertField("name", new NewStoreRequest("x".repeat(64), "o", null, null), "limit is 63");
        assertField("name", new NewStoreRequest("!!!", "o", null, null), "at least one letter");
        assertField("name", new NewStoreRequest("a\tb", "o", null, null), "control characters");
        assertEquals("x".repeat(63), new NewStoreRequest("x".repeat(63), "o", null, null).validate().name());
    }

    @Test
    void emailIsOptionalButMustBeWellFormed() {
        assertNull(new NewStoreRequest("Shop", "o", "  ", null).validate().email());
        assertEquals("a@b.io", new NewStoreRequest("Shop", "o", " a@b.io ", null).validate().email());
        for (String bad : List.of("a@b", "a b@c.io", "@c.io", "a@@c.io", "a@.io")) {
            assertField("email", new NewStoreRequest("Shop", "o", bad, null), "not a valid address");
        }
    }

    @Test
    void typeIsReadCaseInsensitively() {
        assertEquals(StoreType.MEDUSA, new NewStoreRequest("Shop", "o", null, " Medusa ").validate().type());
        assertEquals(StoreType.WOOCOMMERCE, new NewStoreRequest("Shop", "o", null, "WOOCOMMERCE").validate().type());
    }

    private static void assertField(String field, NewStoreRequest request, String words) {
        ValidationException e = assertThrows(ValidationException.class, request::validate);
        assertEquals(field, e.errors().get(0).field());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }
}
