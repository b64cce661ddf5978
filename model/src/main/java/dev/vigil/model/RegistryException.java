package dev.vigil.model;

import java.util.List;

/** A registry document that cannot be used, with every problem found in it. */
public final class RegistryException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public RegistryException(String source, List<String> problems) {
        super("invalid registry " + source + ":\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming the device (or section) and the JSON Pointer of the field. */
    public List<String> problems() {
        return problems;
    }
}
