package dev.storefleet.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.storefleet.domain.ManifestDiff;
import dev.storefleet.domain.ValuesDiff;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The object-by-object comparison of two rendered manifests, on hand-written ones. */
class ManifestDifferTest {
    private final ManifestDiffer differ = new ManifestDiffer();

    private static final String CONFIG = """
            ---
            # Source: shop/templates/config.yaml
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shop-config
            data:
              currency: USD
            """;
    private static final String SECRET_BEFORE = """
            ---
            # Source: shop/templates/secret.yaml
            apiVersion: v1
            kind: Secret
            metadata:
              name: shop-auth
            data:
              admin-password: c2VjcmV0LW9uZQ==
              db-password: a2VwdC12YWx1ZQ==
            stringData:
              token: plain-token-one
            """;

    @Test
    void sameObjectsWrittenDifferentlyAreNoChange() {
        String relaid = """
                # Source: shop/templates/config.yaml
                kind: ConfigMap
                apiVersion: "v1"
                metadata: {name: shop-config}
                data: {currency: "USD"}
                """;
        assertEquals(List.of(), differ.diff(CONFIG, "revision 1", relaid, "upgrade").objects());
    }

    @Test
    void addedRemovedAndChangedObjectsEachWithAUnifiedDiff() {
        String before = CONFIG + """
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: old-service
                spec:
                  ports: [{port: 80}]
                """;
        String after = CONFIG.replace("USD", "EUR") + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: new-server
                spec:
                  replicas: 1
                """;
        List<ManifestDiff.ObjectChange> objects = differ.diff(before, "revision 1", after, "upgrade").objects();
        assertEquals(List.of("ConfigMap shop-config CHANGED", "Deployment new-server ADDED", "Service old-service REMOVED"),
                objects.stream().map(o -> o.kind() + " " + o.name() + " " + o.change()).toList());
        String changed = objects.get(0).unifiedDiff();
        assertTrue(changed.startsWith("--- revision 1\n+++ upgrade\n@@"), changed);
        assertTrue(changed.contains("\n-  currency: USD\n+  currency: EUR"), changed);
        assertFalse(changed.contains("Source"), "Helm's comments are not part of an object");
        assertTrue(objects.get(1).unifiedDiff().contains("+  replicas: 1"), objects.get(1).unifiedDiff());
        assertTrue(objects.get(2).unifiedDiff().contains("-  name: old-service"), objects.get(2).unifiedDiff());
    }

    @Test
    void secretValuesAreMaskedOnBothSidesAndAChangedOneIsMarked() {
        String after = SECRET_BEFORE.replace("c2VjcmV0LW9uZQ==", "c2VjcmV0LXR3bw==").replace("plain-token-one", "plain-token-two");
        ManifestDiff diff = differ.diff(SECRET_BEFORE, "revision 1", after, "upgrade");
        assertEquals(1, diff.objects().size());
        String text = diff.objects().get(0).unifiedDiff();
        for (String secret : List.of("c2VjcmV0LW9uZQ==", "c2VjcmV0LXR3bw==", "a2VwdC12YWx1ZQ==", "plain-token")) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("-  admin-password: " + ValuesDiff.MASK + "\n+  admin-password: " + ManifestDiffer.CHANGED_SECRET),
                text);
        assertTrue(text.contains("-  token: " + ValuesDiff.MASK + "\n+  token: " + ManifestDiffer.CHANGED_SECRET), text);
        assertTrue(text.contains("\n   db-password: " + ValuesDiff.MASK), "unchanged: context, masked\n" + text);
        assertEquals(List.of(), differ.diff(SECRET_BEFORE, "revision 1", SECRET_BEFORE, "upgrade").objects());
    }
}
