package dev.storefleet.persistence;

import dev.storefleet.domain.ConflictException;
import dev.storefleet.domain.StorageException;
import dev.storefleet.domain.StoreException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.LockAcquisitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs units of work in one transaction each and turns every database failure into the
 * domain's typed errors: a unique-name violation is a conflict, anything else is a storage
 * error saying that nothing was saved. A domain error thrown by the work rolls it back as is.
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    /** A qualified Java class name, with H2's {@code @hash} when it names an object. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:@[0-9a-f]+)?");
    /** A bare exception class name, as in "ClosedChannelException: …". */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");

    private final SessionFactory sessions;
    private final String processId;
    /** How errors name the database: "The local database", "The team database". */
    private final String databaseName;

    Transactions(SessionFactory sessions, String processId, String databaseName) {
        this.sessions = sessions;
        this.processId = processId;
        this.databaseName = databaseName;
    }

    /** The id of this process among those sharing the database: stamped on its audit rows, the holder of its leases. */
    String processId() {
        return processId;
    }

    <T> T inTransaction(String what, Function<Session, T> work) {
        try {
            return inTransactionUntranslated(work);
        } catch (RuntimeException e) {
            RuntimeException translated = translate(databaseName, what, e);
            if (translated instanceof StorageException) {
                LOG.error("Database failure while {}", what, e);
            }
            throw translated;
        }
    }

    /** Rolls back and rethrows as is: for callers that expect, and handle, a particular failure. */
    <T> T inTransactionUntranslated(Function<Session, T> work) {
        // A pending interrupt (a cancelled operation, a shutdown) is not the database's business:
        // H2 would take it as a lock timeout, or its file channel would close under every other
        // thread. It is put back once the database work is done, for the caller to act on.
        boolean interrupted = Thread.interrupted();
        try {
            return inOneTransaction(work);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T inOneTransaction(Function<Session, T> work) {
        Session session = null;
        Transaction tx = null;
        try {
            session = sessions.openSession();
            tx = session.beginTransaction();
            T result = work.apply(session);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw e;
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing a session failed", e);
                }
            }
        }
    }

    /** {@link #translate(String, String, RuntimeException)} naming this database. */
    RuntimeException translate(String what, RuntimeException e) {
        return translate(databaseName, what, e);
    }

    static RuntimeException translate(String databaseName, String what, RuntimeException e) {
        if (e instanceof StoreException) {
            return e;
        }
        ConstraintViolationException violation = find(e, ConstraintViolationException.class);
        if (violation != null && isStoreNameConstraint(violation.getConstraintName())) {
            return new ConflictException("A store with that name, or one that gives the same short name,"
                    + " was just created. Choose another name.");
        }
        if (find(e, LockAcquisitionException.class) != null || find(e, jakarta.persistence.PessimisticLockException.class) != null
                || find(e, jakarta.persistence.LockTimeoutException.class) != null) {
            return new StorageException(databaseName + " is busy (" + what + " waited too long for a lock)."
                    + " Nothing was saved; try again.", e);
        }
        return new StorageException(databaseName + " failed while " + what + ": " + rootMessage(e)
                + ". Nothing was saved. If this persists, restart the console and check the log.", e);
    }

    private static boolean isStoreNameConstraint(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("uk_store_name_key") || lower.contains("uk_store_slug")
                || lower.contains("uk_store_namespace");
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * The database's own words for a failure, for the operator: the driver's message when there is
     * one (the innermost cause otherwise), without the failing SQL and without Java class names
     * (H2 names the file channel or exception class it failed in); the full chain goes to the log.
     */
    static String rootMessage(Throwable e) {
        SQLException sql = find(e, SQLException.class);
        Throwable source = sql;
        if (source == null) {
            source = e;
            while (source.getCause() != null && source.getCause() != source) {
                source = source.getCause();
            }
        }
        String message = source.getMessage();
        if (message == null || message.isBlank()) {
            return "an internal error (details are in the log)";
        }
        // H2 appends the failing SQL after a semicolon-newline; the operator does not need it.
        int statement = message.indexOf("; SQL statement:");
        String text = statement > 0 ? message.substring(0, statement) : message;
        String named = JAVA_NAME.matcher(text).replaceAll("(internal)");
        String words = EXCEPTION_NAME.matcher(named).replaceAll("").strip();
        // Callers go on with ". ": a driver's own full stop would make two.
        return words.endsWith(".") ? words.substring(0, words.length() - 1) : words;
    }

    private static void rollbackQuietly(Transaction tx) {
        if (tx != null) {
            try {
                if (tx.isActive()) {
                    tx.rollback();
                }
            } catch (RuntimeException e) {
                LOG.debug("Rollback failed", e);
            }
        }
    }
}
