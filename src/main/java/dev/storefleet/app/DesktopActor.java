package dev.storefleet.app;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Who the desktop console's audit rows name: {@code <OS user>@<host>}, so that on a shared database
 * "alice@laptop-2" says who did it and from where. The host is {@link HostName#local()}'s, as in
 * the name this console's leases show the others; resolving it can wait on a slow name service,
 * so it runs off the UI thread and is given {@link #LOOKUP_LIMIT}, after which {@code HOSTNAME} /
 * {@code COMPUTERNAME} are used.
 */
final class DesktopActor {
    static final Duration LOOKUP_LIMIT = Duration.ofSeconds(2);
    /** The audit log's actor column. */
    static final int MAX_LENGTH = 255;

    private DesktopActor() {
    }

    /** The actor, resolved on {@code executor}; never fails, completes within {@link #LOOKUP_LIMIT}. */
    static CompletableFuture<String> resolve(Executor executor) {
        String user = System.getProperty("user.name", "");
        Map<String, String> env = System.getenv();
        return CompletableFuture.supplyAsync(() -> of(user, HostName.local(), env), executor)
                .completeOnTimeout(of(user, null, env), LOOKUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> of(user, null, env));
    }

    /**
     * {@code user@host}: {@code resolved}, unless it is missing or only says localhost and the
     * environment names the host; the user alone when no host is known ("operator" when no user either).
     */
    static String of(String user, String resolved, Map<String, String> env) {
        String who = clean(user);
        String host = clean(resolved);
        if (host.isEmpty() || host.equals("localhost") || host.startsWith("localhost.")) {
            String named = clean(env.getOrDefault("HOSTNAME", ""));
            named = named.isEmpty() ? clean(env.getOrDefault("COMPUTERNAME", "")) : named;
            host = named.isEmpty() ? host : named;
        }
        String actor = (who.isEmpty() ? "operator" : who) + (host.isEmpty() ? "" : "@" + host);
        return actor.length() <= MAX_LENGTH ? actor : actor.substring(0, MAX_LENGTH);
    }

    /** Without spaces and control characters, which an actor's name never needs. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.strip().codePoints().filter(c -> !Character.isISOControl(c) && !Character.isWhitespace(c))
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
