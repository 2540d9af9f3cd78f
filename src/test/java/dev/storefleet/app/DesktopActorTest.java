package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The desktop's audited actor: who and where. */
class DesktopActorTest {
    @Test
    void theActorIsTheUserAtTheHost() {
        assertEquals("alice@laptop-2", DesktopActor.of("alice", "laptop-2", Map.of("HOSTNAME", "other")));
    }

    @Test
    void withoutAResolvedNameTheEnvironmentNamesTheHost() {
        assertEquals("alice@box", DesktopActor.of("alice", null, Map.of("HOSTNAME", "box", "COMPUTERNAME", "PC")));
        assertEquals("alice@PC", DesktopActor.of("alice", "", Map.of("COMPUTERNAME", "PC")), "Windows");
        assertEquals("alice@box", DesktopActor.of("alice", "localhost", Map.of("HOSTNAME", "box")),
                "localhost says nothing of where");
        assertEquals("alice@localhost.localdomain", DesktopActor.of("alice", "localhost.localdomain", Map.of()),
                "kept when nothing better is known");
        assertEquals("alice", DesktopActor.of("alice", null, Map.of()), "no host known: the user alone");
        assertEquals("operator@box", DesktopActor.of("", "box", Map.of()));
    }

    @Test
    void controlCharactersAndSpacesAreDroppedAndTheLengthFitsTheAuditLog() {
        assertEquals("alice@box", DesktopActor.of(" al\u0000ice\n", "b o\tx", Map.of()));
        String actor = DesktopActor.of("u".repeat(300), "h", Map.of());
        assertEquals(DesktopActor.MAX_LENGTH, actor.length());
    }

    @Test
    void resolvingNamesThisMachineOffTheCallersThread() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            String actor = DesktopActor.resolve(executor).get(DesktopActor.LOOKUP_LIMIT.toSeconds() + 5, TimeUnit.SECONDS);
            assertTrue(actor.startsWith(System.getProperty("user.name") + "@"), actor);
            String host = actor.substring(actor.indexOf('@') + 1);
            assertEquals(HostName.local(), host, "this machine, named as its leases name it");
        } finally {
            executor.shutdownNow();
        }
    }
}
