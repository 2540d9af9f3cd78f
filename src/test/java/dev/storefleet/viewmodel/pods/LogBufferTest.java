package dev.storefleet.viewmodel.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The log buffer without a toolkit: flushes are queued by the test and run when it says, playing
 * the UI thread's delayed {@code runLater}, so what waits between flushes can be looked at.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LogBufferTest {
    private final Queue<Runnable> flushes = new ArrayDeque<>();
    private final LogBuffer buffer = new LogBuffer(5_000, flushes::add);

    private int runFlushes() {
        int ran = 0;
        while (!flushes.isEmpty()) {
            flushes.poll().run();
            ran++;
        }
        return ran;
    }

    private static List<String> lines(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void manyAppendsBetweenTwoTicksAreOneFlush() {
        long gen = buffer.restart();
        for (int i = 0; i < 50; i++) {
            buffer.append(gen, List.of("line " + i));
        }
        assertEquals(1, flushes.size(), "one flush scheduled for 50 appends");
        assertEquals(1, runFlushes());
        assertEquals(lines(0, 50), buffer.lines());
        buffer.append(gen, List.of("again"));
        assertEquals(1, runFlushes());
        assertEquals("again", buffer.lines().get(50));
    }

    @Test
    void aHundredThousandLinesKeepTheNewestFiveThousandWhetherFlushedOftenOrNever() {
        long gen = buffer.restart();
        // Never flushed while they come: what waits stays within the bound.
        for (int i = 0; i < 100_000; i += 100) {
            buffer.append(gen, lines(i, i + 100));
            assertTrue(buffer.pendingCount() <= 5_000, () -> buffer.pendingCount() + " lines waiting");
        }
        assertEquals(1, runFlushes());
        assertEquals(lines(95_000, 100_000), buffer.lines());

        // Flushed after every batch: the shown list is trimmed at the front.
        for (int i = 100_000; i < 200_000; i += 700) {
            buffer.append(gen, lines(i, Math.min(i + 700, 200_000)));
            runFlushes();
            assertTrue(buffer.lines().size() <= 5_000, () -> buffer.lines().size() + " lines shown");
        }
        assertEquals(lines(195_000, 200_000), buffer.lines());
    }

    @Test
    void oneAppendLargerThanTheBoundKeepsItsNewestLines() {
        long gen = buffer.restart();
        buffer.append(gen, lines(0, 12_345));
        runFlushes();
        assertEquals(lines(7_345, 12_345), buffer.lines());
    }

    @Test
    void linesOfAnOlderSourceAreDropped() {
        long old = buffer.restart();
        buffer.append(old, List.of("old, flushed"));
        runFlushes();
        buffer.append(old, List.of("old, still waiting"));
        long now = buffer.restart();
        buffer.append(old, List.of("old, late"));
        buffer.append(now, List.of("new"));
        runFlushes();
        assertEquals(List.of("new"), buffer.lines());
    }

    @Test
    void aTailShownWholeReplacesWhatWasThereAndWhatWaited() {
        long gen = buffer.restart();
        buffer.append(gen, List.of("waiting"));
        buffer.showAll(gen, List.of("a", "b"));
        runFlushes();
        assertEquals(List.of("a", "b"), buffer.lines());
    }

    @Test
    void appendsFromManyThreadsLoseNoLineWithinTheBound() throws Exception {
        long gen = buffer.restart();
        List<Thread> writers = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int writer = t;
            writers.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1_000; i++) {
                    buffer.append(gen, List.of(writer + ":" + i));
                }
            }));
        }
        writers.forEach(Thread::start);
        start.countDown();
        for (Thread writer : writers) {
            writer.join();
        }
        runFlushes();
        assertEquals(4_000, buffer.lines().size());
        for (int t = 0; t < 4; t++) {
            String prefix = t + ":";
            List<String> own = buffer.lines().stream().filter(l -> l.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, 1_000).mapToObj(i -> prefix + i).toList(), own, "in order per writer");
        }
    }
}
