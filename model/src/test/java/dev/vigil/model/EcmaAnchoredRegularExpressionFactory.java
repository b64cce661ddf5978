package dev.vigil.model;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.regex.Pattern;

/**
 * JDK regular expressions with ECMA-262's meaning of {@code $}: the end of the input, never the
 * point before a final line terminator (as the JDK's {@code $} and Joni's Ruby-flavoured one allow).
 * Enough for the schemas' patterns, which use anchors, classes and counted repetition only.
 */
final class EcmaAnchoredRegularExpressionFactory implements RegularExpressionFactory {
    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(anchorDollarAtEndOfInput(regex));
        return value -> pattern.matcher(value).find();
    }

    /** Rewrites every unescaped {@code $} outside a character class as {@code \z}. */
    static String anchorDollarAtEndOfInput(String regex) {
        StringBuilder out = new StringBuilder(regex.length() + 8);
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\' && i + 1 < regex.length()) {
                out.append(c).append(regex.charAt(++i));
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (c == '$' && !inClass) {
                out.append("\\z");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
