package dev.storefleet.app;

import java.nio.file.Path;
import javafx.application.Application;

/**
 * Starts the console. A plain class, not a JavaFX Application, so the class-path launch
 * (java -jar, the installers) works without the JavaFX module system.
 *
 * <pre>
 * storefleet                          the desktop console
 * storefleet serve                    the headless REST API (PORT, JWT_SECRET; see docs/api.md)
 * storefleet token &lt;user&gt; [--ttl 24h]  a bearer token for the REST API
 * </pre>
 *
 * The serve and token paths load no JavaFX class.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        String command = args.length > 0 ? args[0] : "";
        if (command.equals("token")) {
            System.exit(TokenCommand.run(args, System.getenv(), System.out, System.err));
        }
        Path dataDirectory = DataDirectory.forThisUser();
        // Before the first logger is made: logback.xml writes to <data directory>/logs.
        System.setProperty("storefleet.logDir", dataDirectory.resolve("logs").toString());
        if (command.equals("serve")) {
            System.exit(ServeCommand.run(System.getenv(), System.out, System.err));
        }
        launchDesktop(args);
    }

    private static void launchDesktop(String[] args) throws InterruptedException {
        GraphicsPipeline.Preparation graphics = GraphicsPipeline.chooseBeforeToolkit();
        EarlyStart.begin(graphics::prepare);
        graphics.awaitPrepared();
        Application.launch(DesktopApp.class, args);
    }
}
