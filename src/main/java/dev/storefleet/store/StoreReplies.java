package dev.storefleet.store;

import dev.storefleet.domain.Order;
import dev.storefleet.domain.StoreApiException;
import dev.storefleet.domain.StoreApiException.Step;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;

/** Turns a store's non-2xx answers into errors in words, and reads the fields both APIs share. */
final class StoreReplies {
    private StoreReplies() {
    }

    /**
     * @param on4xx the step a refusal (400, 409, 422 …) means for this call
     */
    static StoreApiException failure(StoreHttp.Response r, String what, Step on4xx) {
        String said = said(r);
        Step step;
        if (r.status() == 401 || r.status() == 403 || said.toLowerCase(java.util.Locale.ROOT).contains("publishable key")) {
            step = Step.AUTH;
        } else if (r.status() >= 500) {
            step = Step.SERVER_ERROR;
        } else if (r.status() == 404 && on4xx != Step.NOT_FOUND) {
            step = Step.BAD_RESPONSE;
        } else {
            step = on4xx;
        }
        String hint = switch (step) {
            case AUTH -> " Check the store's Secret " + StoreNetwork.STORE_API_SECRET
                    + " (re-run its setup with an upgrade if the keys changed).";
            case SERVER_ERROR -> " Look at the store's logs; try again when it is healthy.";
            default -> "";
        };
        return new StoreApiException(step, what + ": HTTP " + r.status() + (said.isEmpty() ? "" : " \"" + said + "\"")
                + "." + hint);
    }

    /** The store's own words: Medusa {@code message}, WooCommerce {@code message} (and {@code code}). */
    static String said(StoreHttp.Response r) {
        JsonNode json = r.json();
        String message = text(json, "message");
        String code = text(json, "code");
        String words = message == null ? "" : message;
        if (code != null && !code.isEmpty()) {
            words = words.isEmpty() ? code : words + " (" + code + ")";
        }
        if (words.isEmpty() && r.json().isMissingNode() && r.body() != null) {
            words = r.body().strip();
        }
        words = words.replaceAll("\\s+", " ");
        return words.length() > 300 ? words.substring(0, 299) + "…" : words;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    static StoreApiException unexpected(String what, String missing) {
        return new StoreApiException(Step.BAD_RESPONSE, what + ": the answer has no " + missing + ".");
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC); // WooCommerce *_gmt fields
            } catch (RuntimeException ignored) {
                return null;
            }
        }
    }

    static Order requireId(Order order, String what) {
        if (order.id().isEmpty()) {
            throw unexpected(what, "order id");
        }
        return order;
    }
}
