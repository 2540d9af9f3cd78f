package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code storefleet token}'s command line, run in-process: the role and lifetime it writes into the token. */
class TokenCommandTest {
    private static final Map<String, String> ENV = Map.of("JWT_SECRET", "a-test-secret-of-more-than-32-bytes-for-hs256");

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "token";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = TokenCommand.run(command, ENV, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String role(Result minted) throws Exception {
        assertEquals(0, minted.exit(), minted.err());
        return SignedJWT.parse(minted.out().strip()).getJWTClaimsSet().getStringClaim("role");
    }

    @Test
    void theRoleIsOperatorUnlessToldInEitherSpelling() throws Exception {
        assertEquals("operator", role(run("ci-bot")));
        assertEquals("admin", role(run("ci-bot", "--role", "admin")));
        assertEquals("viewer", role(run("--role=viewer", "ci-bot")));
        assertEquals("admin", role(run("ci-bot", "--role", "ADMIN", "--ttl", "2h")), "any ASCII case, written lower");
        assertEquals("viewer", role(run("ci-bot", "--role=operator", "--role", "viewer")), "the last one counts");
    }

    @Test
    void theLifetimeStillReadsBesideTheRole() throws Exception {
        Result minted = run("ci-bot", "--ttl=90s", "--role=viewer");
        assertEquals("viewer", role(minted));
        var claims = SignedJWT.parse(minted.out().strip()).getJWTClaimsSet();
        Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertEquals(Duration.ofSeconds(90), lifetime);
        assertTrue(claims.getExpirationTime().toInstant().isAfter(Instant.now()));
    }

    @Test
    void aWrongRoleIsAWrongCommandLine() {
        for (String[] args : new String[][] {{"ci-bot", "--role", "root"}, {"ci-bot", "--role="}, {"ci-bot", "--role=superuser"},
                {"ci-bot", "--role", "adm\u0131n"}}) {
            Result refused = run(args);
            assertEquals(2, refused.exit(), String.join(" ", args));
            assertEquals("", refused.out(), "no token printed");
            assertTrue(refused.err().contains("is not a role; the roles are viewer, operator, admin."), refused.err());
            assertTrue(refused.err().contains(TokenCommand.USAGE), refused.err());
        }
        Result dangling = run("ci-bot", "--role");
        assertEquals(2, dangling.exit(), "--role without a value");
        assertTrue(dangling.err().contains("usage:"), dangling.err());
    }
}
