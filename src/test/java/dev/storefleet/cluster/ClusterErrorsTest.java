package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ClusterErrorsTest {
    @Test
    void helmsMultiErrorFormatKeepsTheCauseOnOneLine() {
        String helm = "1 error occurred:\n\t* Post \"http://127.0.0.1:1/apis/apps/v1/namespaces/x/deployments\": EOF\n\n";
        assertEquals("Post \"http://127.0.0.1:1/apis/apps/v1/namespaces/x/deployments\": EOF", ClusterErrors.oneLine(helm));
        assertEquals("a; b", ClusterErrors.oneLine("2 errors occurred:\n\t* a\n\t* b\n"));
        assertEquals("context deadline exceeded", ClusterErrors.oneLine("context deadline exceeded"));
        assertEquals("first second", ClusterErrors.oneLine("first\nsecond"));
        assertEquals("installing release x: injected fault", ClusterErrors.wrap("installing release x",
                new IllegalStateException("1 error occurred:\n\t* injected fault\n")).getMessage());
    }
}
