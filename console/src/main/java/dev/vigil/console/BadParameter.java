package dev.vigil.console;

/** A query parameter the API cannot use: answered 400, naming the parameter. */
final class BadParameter extends Exception {
    private static final long serialVersionUID = 1L;

    final String parameter;

    BadParameter(String parameter, String detail) {
        super(detail, null, false, false);
        this.parameter = parameter;
    }
}
