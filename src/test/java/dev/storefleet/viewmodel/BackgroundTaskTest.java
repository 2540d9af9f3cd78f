package dev.storefleet.viewmodel;

import static org.junit.jupiter.api.Assertions.*;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** With a real worker and a real "FX" thread: where each part of a task runs, and what every failure leaves. */
class BackgroundTaskTest {
    private final TestThreads threads = new TestThreads();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BackgroundTask.class);

    @BeforeEach
    void listen() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void close() throws Exception {
        logger.detachAppender(log);
        threads.close();
    }

    @Test
    void inputsAreReadWhenItRunsTheWorkInTheBackgroundTheOutcomeOnTheFxThread() throws Exception {
        AtomicReference<String> selected = new AtomicReference<>("first");
        List<String> where = new CopyOnWriteArrayList<>();
        BackgroundTask<String> task = BackgroundTask.capture(() -> {
            where.add("capture on " + Thread.currentThread().getName());
            return selected.get();
        }).then(input -> {
            where.add("work on " + Thread.currentThread().getName());
            return input + " done";
        }).always(() -> where.add("always on " + Thread.currentThread().getName()))
                .onSuccess(result -> where.add(result + " on " + Thread.currentThread().getName()));

        CountDownLatch held = threads.hold();
        CompletableFuture<Void> first = threads.onFx(() -> task.run(threads.executors()));
        threads.onFx(() -> {
            selected.set("second"); // the input moves before the work starts
            return null;
        });
        held.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("capture on test-fx", "work on test-background", "always on test-fx",
                "first done on test-fx"), where);

        where.clear();
        assertEquals("second done", threads.onFx(() -> task.result(threads.executors())).get(10, TimeUnit.SECONDS),
                "each run captures afresh");
    }

    @Test
    void aFailureIsLoggedThenShownAndOnlyResultFailsWithIt() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        IllegalStateException boom = new IllegalStateException("the cluster said no");
        BackgroundTask<String> task = BackgroundTask.<String>of(() -> {
            throw boom;
        }).onSuccess(shown::add).onFailure(failure -> {
            shown.add(log.list.size() + " logged, then shown: " + failure.getMessage());
        }).named("asking the cluster");

        threads.onFx(() -> task.run(threads.executors())).get(10, TimeUnit.SECONDS); // handled: does not fail
        assertEquals(List.of("1 logged, then shown: the cluster said no"), shown);
        ILoggingEvent logged = log.list.get(0);
        assertEquals(Level.WARN, logged.getLevel());
        assertEquals("asking the cluster failed", logged.getFormattedMessage());
        assertEquals("the cluster said no", logged.getThrowableProxy().getMessage());

        CompletableFuture<String> result = threads.onFx(() -> task.result(threads.executors()));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> result.get(10, TimeUnit.SECONDS));
        assertSame(boom, failed.getCause(), "the failure itself, not a CompletionException around it");
    }

    @Test
    void aSuccessStepThatThrowsIsLoggedAndShownAsAFailure() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        BackgroundTask<String> task = BackgroundTask.of(() -> "rows")
                .onSuccess(rows -> {
                    throw new IllegalArgumentException("a bug in the success step");
                })
                .onFailure(failure -> shown.add(ErrorMessages.of(failure)))
                .named("showing rows");

        CompletableFuture<Void> run = threads.onFx(() -> task.run(threads.executors()));
        assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS), "a bug is not swallowed");
        assertEquals(1, shown.size());
        assertTrue(shown.get(0).startsWith("Something unexpected went wrong (IllegalArgumentException"), shown.get(0));
        assertEquals(Level.ERROR, log.list.get(0).getLevel());
        assertEquals("showing rows: showing its result failed", log.list.get(0).getFormattedMessage());
    }

    @Test
    void aCaptureThatThrowsIsAFailureLikeAnyOther() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        BackgroundTask<String> task = BackgroundTask.<String>capture(() -> {
            throw new IllegalStateException("no store selected");
        }).then(input -> "never").onFailure(failure -> shown.add(failure.getMessage()));
        threads.onFx(() -> task.run(threads.executors())).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("no store selected"), shown);
        assertEquals(1, log.list.size());
    }
}
