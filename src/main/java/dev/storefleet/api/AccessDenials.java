package dev.storefleet.api;

import dev.storefleet.domain.ActionType;
import dev.storefleet.domain.AuditEvent;
import dev.storefleet.domain.Outcome;
import dev.storefleet.domain.StoreException;
import dev.storefleet.service.AuditService;
import dev.storefleet.service.StoreService;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request whose token's role is below the one its route needs: answered 403 {@code forbidden}
 * in words naming both roles, and audited as {@link ActionType#ACCESS_DENIED}, REJECTED, with the
 * token's user as actor and the store the path names, if any. Nothing else is done for it: the
 * route's handler never runs, its body is never read.
 */
final class AccessDenials {
    private static final Logger LOG = LoggerFactory.getLogger(AccessDenials.class);
    static final int MAX_DETAIL = 4000;

    private final AuditService audit;
    private final StoreService stores;
    private final Clock clock;

    AccessDenials(AuditService audit, StoreService stores, Clock clock) {
        this.audit = Objects.requireNonNull(audit);
        this.stores = Objects.requireNonNull(stores);
        this.clock = Objects.requireNonNull(clock);
    }

    /** "Deleting a store needs the admin role; this token's role is operator. ..." */
    static String words(Router.Access access, Role has) {
        String needs = access.needs().word();
        return access.doing() + " needs the " + needs + " role; this token's role is " + has.word()
                + ". Ask for a token with that role (storefleet token <user id> --role " + needs + ").";
    }

    /** The refusal to throw, audited first; a failure to audit is logged and the answer is the same 403. */
    ApiException refuse(JwtTokens.Caller caller, Router.Match match, String method, String path) {
        String words = words(match.access(), caller.role());
        Long storeId = storeId(match);
        try {
            audit.append(new AuditEvent(null, clock.instant().truncatedTo(ChronoUnit.MICROS), ActionType.ACCESS_DENIED,
                    Outcome.REJECTED, storeId, storeId == null ? null : storeName(storeId), caller.user(),
                    clip(method + " " + path + ": " + words), null));
        } catch (RuntimeException e) {
            LOG.error("Could not audit the refused {} {} of {}", method, path, caller.user(), e);
        }
        return new ApiException(403, "forbidden", words);
    }

    /** The store id of the path, when it is one; a malformed one is not the refusal's business. */
    private static Long storeId(Router.Match match) {
        OptionalLong id = WholeNumbers.parse(match.params().get("id"));
        return id.isPresent() && id.getAsLong() > 0 ? id.getAsLong() : null;
    }

    private String storeName(long id) {
        try {
            return stores.get(id).name();
        } catch (StoreException e) { // no such store (any more), or the database failing: the id says enough
            return null;
        }
    }

    private static String clip(String text) {
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 1) + "…";
    }
}
