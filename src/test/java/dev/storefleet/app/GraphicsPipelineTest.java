package dev.storefleet.app;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The renderer choice on the machine running the tests (a GPU-less CI box takes the software branch). */
class GraphicsPipelineTest {
    private String prismOrder;

    @BeforeEach
    void clearTheChoice() {
        prismOrder = System.getProperty("prism.order");
        System.clearProperty("prism.order");
    }

    @AfterEach
    void restoreTheChoice() {
        if (prismOrder == null) {
            System.clearProperty("prism.order");
        } else {
            System.setProperty("prism.order", prismOrder);
        }
    }

    @Test
    void withoutAGpuDeviceTheSoftwareRendererIsChosenAndGtkToldNotToProbeOpenGl() throws Exception {
        GraphicsPipeline.Preparation preparation = GraphicsPipeline.chooseBeforeToolkit();
        preparation.prepare();
        preparation.awaitPrepared();
        if (GraphicsPipeline.hasGpuDevice()) {
            assertNull(System.getProperty("prism.order"), "a machine with a GPU keeps JavaFX's own choice");
            return;
        }
        assertEquals("sw", System.getProperty("prism.order"));
        String decision = GraphicsPipeline.decision();
        assertTrue(decision.startsWith("no GPU device"), decision);
        // Through libc, the way GTK reads it: a failure of JNA or setenv would say so here.
        assertTrue(decision.endsWith("(GDK_GL=disable)") || decision.contains("GDK_GL was set"), decision);
    }

    @Test
    void anOperatorsOwnRendererIsLeftAlone() throws Exception {
        System.setProperty("prism.order", "es2");
        GraphicsPipeline.chooseBeforeToolkit().prepare();
        assertEquals("es2", System.getProperty("prism.order"));
    }
}
