package dev.storefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Log bytes as the API server sends them, in chunks that fall anywhere, cut into lines. */
class LogLineSplitterTest {
    private final List<List<String>> calls = new ArrayList<>();
    private final LogLineSplitter splitter = new LogLineSplitter(32, calls::add);

    private void send(byte[]... chunks) {
        List<ByteBuffer> buffers = new ArrayList<>();
        for (byte[] chunk : chunks) {
            buffers.add(ByteBuffer.wrap(chunk));
        }
        splitter.accept(buffers);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> all() {
        return calls.stream().flatMap(List::stream).toList();
    }

    @Test
    void linesSplitAcrossChunksAreJoinedAndEachChunkHandsItsCompleteLines() {
        send(utf8("first line\nsec"));
        send(utf8("ond line\r\nthi"), utf8("rd\n"));
        assertEquals(List.of(List.of("first line"), List.of("second line", "third")), calls);
    }

    @Test
    void aChunkWithoutANewlineHandsNothingAndTheEndHandsTheLastLine() {
        send(utf8("no newline yet"));
        assertTrue(calls.isEmpty());
        splitter.finish();
        assertEquals(List.of("no newline yet"), all());
    }

    @Test
    void aCharacterSplitBetweenChunksIsDecodedWhole() {
        byte[] text = utf8("Ünïcödé €\n");
        for (byte b : text) {
            send(new byte[] {b});
        }
        assertEquals(List.of("Ünïcödé €"), all());
    }

    @Test
    void aLineLongerThanTheBoundIsCutAndMarkedAndTheNextLineIsWhole() {
        send(utf8("x".repeat(1000) + "\nshort\n"));
        assertEquals(List.of("x".repeat(32) + LogLineSplitter.CUT_MARK, "short"), all());
    }

    @Test
    void aCutThroughAMultiByteCharacterDropsThatCharacterRatherThanGarbleIt() {
        // 31 ASCII bytes, then € (3 bytes): the bound falls inside it.
        send(utf8("a".repeat(31) + "€€€\n"));
        assertEquals(List.of("a".repeat(31) + LogLineSplitter.CUT_MARK), all());
    }

    @Test
    void emptyLinesAreLines() {
        send(utf8("\n\nend\n"));
        assertEquals(List.of("", "", "end"), all());
    }

    @Test
    void theTailKeepsTheNewestLinesWithinItsLineAndTextBounds() {
        Fabric8StorePods.NewestLines byLines = new Fabric8StorePods.NewestLines(3, 1_000);
        byLines.addAll(List.of("1", "2", "3", "4", "5"));
        assertEquals(List.of("3", "4", "5"), byLines.lines());

        Fabric8StorePods.NewestLines byText = new Fabric8StorePods.NewestLines(100, 10);
        byText.addAll(List.of("aaaa", "bbbb", "cccc"));
        assertEquals(List.of("bbbb", "cccc"), byText.lines());
        // one line larger than the text bound is still kept: it is the newest
        byText.addAll(List.of("d".repeat(50)));
        assertEquals(List.of("d".repeat(50)), byText.lines());
    }
}
