package dev.vigil.model;

/**
 * Plate number normalisation. Plates are compared by number only, after removing every Unicode
 * White_Space character (U+3000 and no-break spaces included) and {@code ·}, and upper-casing ASCII
 * letters. A plate is readable when the normalised number is non-empty and not one of the
 * placeholders cameras send for "no plate".
 */
public final class Plates {
    private Plates() {}

    /** The normalised number, or null when {@code number} is null or not readable. */
    @Nullable
    public static String normalize(@Nullable String number) {
        if (number == null) {
            return null;
        }
        StringBuilder out = null;
        int length = number.length();
        for (int i = 0; i < length; i++) {
            char c = number.charAt(i);
            char mapped = (c >= 'a' && c <= 'z') ? (char) (c - ('a' - 'A')) : c;
            boolean dropped = c == '·' || isWhiteSpace(c);
            if (out == null && (dropped || mapped != c)) {
                out = new StringBuilder(length);
                out.append(number, 0, i);
            }
            if (out != null && !dropped) {
                out.append(mapped);
            }
        }
        String normalized = out == null ? number : out.toString();
        return isPlaceholder(normalized) ? null : normalized;
    }

    /** Whether {@code number} names a readable plate. */
    public static boolean isReadable(@Nullable String number) {
        return normalize(number) != null;
    }

    private static boolean isPlaceholder(String normalized) {
        return normalized.isEmpty()
                || normalized.equals("无牌")
                || normalized.equals("无车牌")
                || normalized.equals("未识别");
    }

    /**
     * Unicode White_Space property (all in the BMP): TAB..CR, SPACE, NEL, NBSP, OGHAM SPACE MARK,
     * EN QUAD..HAIR SPACE, LINE and PARAGRAPH SEPARATOR, NNBSP, MMSP, IDEOGRAPHIC SPACE.
     */
    static boolean isWhiteSpace(char c) {
        return (c >= 0x0009 && c <= 0x000D)
                || c == 0x0020
                || c == 0x0085
                || c == 0x00A0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }
}
