package dev.storefleet.api;

import static dev.storefleet.api.ApiFixture.expect;
import static dev.storefleet.api.ApiFixture.expectError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/** {@code /api/rollouts} as a script meets it: the contract of docs/api.md, the admin role, the field errors. */
@Timeout(120)
class RolloutRoutesTest extends ApiFixtureTest {

    @Test
    void aBodyTheApiCannotTurnIntoAPlanIsRefusedFieldByFieldAndStartsNothing() throws Exception {
        JsonNode bad = expectError(400, "validation", fx.post("/api/rollouts",
                "{\"stores\":[0],\"selector\":{\"type\":\"magento\"},\"gateTimeoutSeconds\":0,\"waves\":[25,null]}"));
        Set<String> fields = new TreeSet<>();
        bad.path("fields").forEach(f -> fields.add(f.path("field").asString()));
        assertEquals(Set.of("stores", "selector.type", "gateTimeoutSeconds", "waves"), fields, bad.toString());
        JsonNode typed = expectError(400, "bad_request", fx.post("/api/rollouts", "{\"canary\":\"1\"}"));
        assertEquals("canary", typed.path("fields").get(0).path("field").asString(), typed.toString());
        JsonNode unknown = expectError(400, "bad_request", fx.post("/api/rollouts", "{\"wave\":[100]}"));
        assertTrue(unknown.path("message").asString().contains("waves"), unknown.toString());
        assertEquals(0, expect(200, fx.get("/api/rollouts")).size(), "nothing was started");
    }

    @Test
    void onlyAnAdminStartsPausesResumesOrAbortsARolloutAndAViewerReadsThem() throws Exception {
        for (String path : new String[] {"/api/rollouts", "/api/rollouts/1/pause", "/api/rollouts/1/resume",
                "/api/rollouts/1/abort"}) {
            expectError(403, "forbidden", fx.send("POST", path, "olga", Role.OPERATOR, "{\"stores\":[1]}"));
        }
        expect(200, fx.send("GET", "/api/rollouts", "vera", Role.VIEWER, null));
    }
}
