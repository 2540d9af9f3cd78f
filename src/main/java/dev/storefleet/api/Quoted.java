package dev.storefleet.api;

/**
 * A value the client sent, quoted for an error message: printable ASCII as is, anything else
 * (control characters, other scripts' digits, invisible spaces) as a Java-style escape, &#92;u0661,
 * so that the reader sees what was really sent; cut to a length a message can hold.
 */
final class Quoted {
    static final int MAX_CHARS = 40;

    private Quoted() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append(text.length() > shown ? "'... (" + text.length() + " characters)" : "'").toString();
    }
}
