package dev.storefleet.app;

import java.nio.file.Path;
import javafx.application.Application;

/**
 * Starts the console. A plain class, not a JavaFX Application, so the class-path launch
 * (java -jar, the installers) works without the JavaFX module system.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Path dataDirectory = DataDirectory.forThisUser();
        // Before the first logger is made: logback.xml writes to <data directory>/logs.
        System.setProperty("storefleet.logDir", dataDirectory.resolve("logs").toString());
        if (args.length > 0 && args[0].equals("serve")) {
            System.err.println("The headless REST API ('serve') is not part of this build yet.");
            System.exit(2);
        }
        Application.launch(DesktopApp.class, args);
    }
}
