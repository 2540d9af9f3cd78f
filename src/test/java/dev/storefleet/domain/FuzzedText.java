package dev.storefleet.domain;

import java.util.List;
import java.util.Random;

/**
 * Text for fuzzing store requests, from one seed: valid values mixed with characters of every
 * Unicode category (lone surrogates too) and the known troublemakers, put at the start, the end,
 * inside, or repeated up to and past the length limits.
 */
public final class FuzzedText {
    public static final List<String> NAMES = List.of("My Store", "Café Zoë", "東京ストア Tokyo", "O'Brien & Sons",
            "Shop \uD83D\uDED2", "Zoë’s «Café» №1", "Straße 5", "x");
    public static final List<String> OWNERS = List.of("alice", "Bob Smith", "東京ストア", "O'Brien", "ops-bot",
            "\u0130lker");
    public static final List<String> EMAILS = List.of("ops@example.com", "first.last+tag@sub.example.co.uk",
            "o'brien@example.ie", "ops@xn--bcher-kva.de", "a@b.io");
    public static final List<String> TYPES = List.of("woocommerce", "medusa", "WooCommerce", "MEDUSA", " medusa ");

    /** The characters the fuzzing of the API found accepted, and their neighbours. */
    private static final int[] TROUBLEMAKERS = {0x0000, 0x0001, 0x0009, 0x000A, 0x000D, 0x001C, 0x001F, 0x007F,
        0x0080, 0x0085, 0x0089, 0x0093, 0x009F, 0x00A0, 0x00AD, 0x034F, 0x061C, 0x115F, 0x1680, 0x180E, 0x2003,
        0x2007, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x2060, 0x2066,
        0x2069, 0x3000, 0x3164, 0xFE0F, 0xFEFF, 0xFFFD, 0xFFFF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000,
        0xE0001, 0xE0100, 0x10FFFF, 0x0130, 0x017F, 0x212A, ' ', '@', '.', '"', '\\', '-'};

    /** Every code point by its Character.getType, once for all instances. */
    private static final int[][] BY_CATEGORY = byCategory();

    private final Random random;

    public FuzzedText(long seed) {
        random = new Random(seed);
    }

    /** A request of valid values, some of them (or none: a quarter of all) fuzzed. */
    public NewStoreRequest request() {
        boolean anyFuzzed = random.nextInt(4) != 0;
        return new NewStoreRequest(field(NAMES, 63, anyFuzzed), field(OWNERS, 255, anyFuzzed),
                field(EMAILS, 254, anyFuzzed), field(TYPES, 11, anyFuzzed));
    }

    public Random random() {
        return random;
    }

    /** A value for a field whose valid examples are {@code valid} and whose limit is {@code limit}. */
    private String field(List<String> valid, int limit, boolean mayFuzz) {
        String text = valid.get(random.nextInt(valid.size()));
        if (!mayFuzz || random.nextBoolean()) {
            return random.nextInt(4) == 0 ? "  " + text + " " : text;
        }
        int roll = random.nextInt(100);
        if (roll < 8) {
            return null;
        }
        if (roll < 14) {
            return " ".repeat(random.nextInt(3));
        }
        if (roll < 26) {
            return lengthened(text, limit);
        }
        StringBuilder out = new StringBuilder(text);
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            String c = Character.toString(oneCharacter());
            switch (random.nextInt(5)) {
                case 0 -> out.insert(0, c);
                case 1 -> out.append(c);
                case 2 -> out.insert(0, c).append(c);
                default -> out.insert(random.nextInt(out.length() + 1), c);
            }
        }
        // an insertion may have split a surrogate pair of the valid text: that is one more lone surrogate
        return out.toString();
    }

    private String lengthened(String text, int limit) {
        int target = switch (random.nextInt(4)) {
            case 0 -> limit - 1;
            case 1 -> limit;
            case 2 -> limit + 1;
            default -> limit * (2 + random.nextInt(40));
        };
        StringBuilder out = new StringBuilder(text);
        String filler = random.nextBoolean() ? "a" : Character.toString(oneCharacter());
        while (out.length() < target) {
            out.append(filler);
        }
        return out.toString();
    }

    /** A troublemaker, or a code point of a category drawn at random (all 30 alike). */
    private int oneCharacter() {
        if (random.nextInt(3) == 0) {
            return TROUBLEMAKERS[random.nextInt(TROUBLEMAKERS.length)];
        }
        int[] pool;
        do {
            pool = BY_CATEGORY[random.nextInt(BY_CATEGORY.length)];
        } while (pool.length == 0);
        return pool[random.nextInt(pool.length)];
    }

    private static int[][] byCategory() {
        int[] counts = new int[Character.FINAL_QUOTE_PUNCTUATION + 1];
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            counts[Character.getType(cp)]++;
        }
        int[][] pools = new int[counts.length][];
        for (int type = 0; type < counts.length; type++) {
            pools[type] = new int[counts[type]];
            counts[type] = 0;
        }
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            int type = Character.getType(cp);
            pools[type][counts[type]++] = cp;
        }
        return pools;
    }
}
