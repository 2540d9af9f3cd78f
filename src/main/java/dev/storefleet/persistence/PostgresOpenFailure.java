package dev.storefleet.persistence;

import dev.storefleet.domain.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Why a shared PostgreSQL database could not be opened, in words that say what to check: the
 * server cannot be reached, it refused the login, the database is missing, or the user may not
 * create the schema. By the SQLSTATE the server or the driver gives, never by its message text.
 */
final class PostgresOpenFailure {
    private PostgresOpenFailure() {
    }

    static StorageException of(DatabaseTarget target, RuntimeException e) {
        String setting = target.setting() == null ? "DATABASE_URL" : target.setting();
        String state = sqlState(e);
        String words = Transactions.rootMessage(e);
        String instead = "; unset " + setting + " to use the local database instead.";
        if (state.startsWith("08") || networkCause(e) != null) {
            return new StorageException("Cannot reach " + target.describe() + ": " + unreachable(e, words)
                    + ". Check the host and port in " + setting + ", that the server runs and that it accepts"
                    + " connections from this machine" + instead, e);
        }
        if (state.equals("28P01") || state.equals("28000")) {
            return new StorageException(capitalized(target.describe()) + " refused the login: " + words
                    + ". Check the user and password in " + setting + " (or DATABASE_PASSWORD)" + instead, e);
        }
        if (state.equals("3D000")) {
            return new StorageException("Cannot open " + target.describe() + ": " + words
                    + ". Create it on the server (CREATE DATABASE), or correct its name in " + setting + instead, e);
        }
        if (state.equals("42501")) {
            return new StorageException("Cannot set up " + target.describe() + ": " + words
                    + ". Make " + target.user() + " the database's owner, or grant it CREATE on the schema" + instead, e);
        }
        return new StorageException("Cannot open " + target.describe() + ": " + words + ". Check " + setting
                + " (and DATABASE_PASSWORD), that the server runs and lets this machine in, and that the database"
                + " exists" + instead, e);
    }

    /** The driver's words for a network failure are long and generic; the cause says it shorter. */
    private static String unreachable(Throwable e, String words) {
        Throwable cause = networkCause(e);
        if (cause instanceof UnknownHostException) {
            return "the host name " + cause.getMessage() + " is not known";
        }
        if (cause instanceof ConnectException) {
            return "connection refused";
        }
        if (cause instanceof SocketTimeoutException) {
            return "no answer within " + PostgresPool.CONNECT_TIMEOUT_SECONDS + " s";
        }
        if (cause instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        return words;
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof NoRouteToHostException) {
                return t;
            }
        }
        return null;
    }

    /** The innermost SQLSTATE in the chain, "" when there is none. */
    private static String sqlState(Throwable e) {
        String state = "";
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return state;
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
