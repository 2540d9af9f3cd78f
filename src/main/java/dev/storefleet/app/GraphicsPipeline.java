package dev.storefleet.app;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Picks JavaFX's software renderer up front on a Linux machine that has no GPU device (a VM, a
 * remote desktop, a CI box), before the toolkit starts.
 *
 * <p>Why: on such a machine the only OpenGL is Mesa's llvmpipe, which JavaFX's GPU pipeline
 * refuses after loading it; GTK probes OpenGL too when it opens the display. Both load Mesa
 * and its LLVM (measured here: 45 MB resident, ~0.1 s) only to end on the software renderer
 * anyway. So the console asks for that renderer ({@code prism.order=sw}) and tells GDK not to
 * probe ({@code GDK_GL=disable}). Machines with a GPU device are left alone, and so is an
 * operator who chose a renderer ({@code -Dprism.order}) or a GDK setting ({@code GDK_GL}).
 */
final class GraphicsPipeline {
    /** Where a GPU shows up on Linux: DRM cards and render nodes, and NVIDIA's own driver. */
    private static final File DRM_DEVICES = new File("/dev/dri");
    private static final File NVIDIA_DEVICE = new File("/dev/nvidia0");

    private static volatile String decision = "JavaFX chooses its renderer (a GPU device, another OS, or -Dprism.order)";

    private GraphicsPipeline() {
    }

    /**
     * Decides, before the JavaFX toolkit starts, and says what must still be done: {@link
     * Preparation#prepare} sets the GDK variable through libc, which is not safe while other
     * threads may read the C environment (time zone, locale), so it runs on the start's first
     * thread before that starts anything else.
     */
    static Preparation chooseBeforeToolkit() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || System.getProperty("prism.order") != null
                || hasGpuDevice()) {
            return new Preparation(false);
        }
        System.setProperty("prism.order", "sw");
        boolean gdkChosen = System.getenv().containsKey("GDK_GL");
        decision = "no GPU device under /dev/dri: JavaFX draws in software"
                + (gdkChosen ? "; GDK_GL was set: left as it is" : "");
        return new Preparation(!gdkChosen);
    }

    /** The part of the choice done later, once, on one thread; the toolkit waits for it. */
    static final class Preparation {
        private final boolean disableGdkOpenGl;
        private final CountDownLatch done = new CountDownLatch(1);

        private Preparation(boolean disableGdkOpenGl) {
            this.disableGdkOpenGl = disableGdkOpenGl;
        }

        void prepare() {
            try {
                if (disableGdkOpenGl) {
                    decision += "; " + disableGdkOpenGl();
                }
            } finally {
                done.countDown();
            }
        }

        /** Waits until GTK's variable is set (GTK reads it when the toolkit opens the display). */
        void awaitPrepared() throws InterruptedException {
            done.await();
        }
    }

    /**
     * What was chosen, for the log. Not logged here: the log configures itself on whichever
     * thread logs first, and a line from a second thread meanwhile is replayed with a warning.
     */
    static String decision() {
        return decision;
    }

    static boolean hasGpuDevice() {
        String[] drm = DRM_DEVICES.list();
        return NVIDIA_DEVICE.exists() || drm != null
                && Arrays.stream(drm).anyMatch(d -> d.startsWith("card") || d.startsWith("renderD"));
    }

    /** GTK reads GDK_GL from the C environment when it opens the display; Java cannot set that, libc can. */
    private static String disableGdkOpenGl() {
        try {
            return Native.load("c", CLibrary.class).setenv("GDK_GL", "disable", 0) == 0
                    ? "GTK does not probe OpenGL (GDK_GL=disable)" : "setenv(GDK_GL) failed: GTK probes OpenGL";
        } catch (LinkageError e) { // no JNA native library for this platform: only GTK's probe remains
            return "could not set GDK_GL (" + e + "): GTK probes OpenGL";
        }
    }

    /** The one libc function needed. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }
}
