package dev.vigil.deploy;

import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and {@code kill}/{@code vigil stop} (SIGTERM) as a request to stop, handled by
 * the command itself: it then stops its parts in order, instead of the JVM running every shutdown
 * hook at once.
 */
final class StopSignals {
    private StopSignals() {}

    static void onStop(Runnable action) {
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}
