package dev.storefleet.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The last {@code capacity} bytes written, for an error message: whatever was written, no more is kept. */
final class ByteTail {
    private final byte[] ring;
    private long written;

    ByteTail(int capacity) {
        ring = new byte[capacity];
    }

    synchronized void write(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            ring[(int) (written++ % ring.length)] = bytes.get();
        }
    }

    /** What is kept, as text, with "..." first when the start was dropped. */
    synchronized String text() {
        int size = (int) Math.min(written, ring.length);
        byte[] tail = new byte[size];
        int start = (int) ((written - size) % ring.length);
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        String text = new String(tail, StandardCharsets.UTF_8).strip();
        return written > ring.length ? "..." + text : text;
    }
}
