package dev.vigil.deploy.sim;

import dev.vigil.model.PlateColor;
import java.util.SplittableRandom;

/**
 * Licence plates for simulated vehicles: local and non-local prefixes, blue plates for cars,
 * yellow for trucks and buses, green new-energy plates. Within one run every vehicle has its own
 * plate (numbers come from a permutation of a counter), and the run number shifts the counter so
 * that a restarted simulator does not meet the vehicles of the run before.
 */
final class PlateMaker {
    /** Plate characters: digits and the letters Chinese plates use (no I, no O). */
    private static final char[] CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
    private static final String[] OTHER_PREFIXES = {"陕C", "陕D", "陕E", "陕K", "京A", "豫A", "甘A", "川A", "晋A", "鄂A", "渝A"};
    private static final long NORMAL_SPACE = 34L * 34 * 34 * 34 * 34;
    private static final long NEV_SPACE = 2L * 34 * 10_000;
    private static final long MULTIPLIER = 15_485_863L; // prime, so coprime to both spaces
    private static final long RUN_STRIDE = 1_000_003L;

    /** A plate as a camera would read it. */
    record Made(String number, PlateColor color) {}

    private final String localPrefix;
    private final SplittableRandom random;
    private long normalCounter;
    private long nevCounter;

    PlateMaker(String localPrefix, int run, SplittableRandom random) {
        this.localPrefix = localPrefix;
        this.random = random;
        this.normalCounter = (long) run * RUN_STRIDE;
        this.nevCounter = (long) run * RUN_STRIDE;
    }

    /** The next vehicle's plate: mostly local, one in five new-energy, one in ten a truck or bus. */
    Made next() {
        String prefix = random.nextDouble() < 0.8 ? localPrefix : OTHER_PREFIXES[random.nextInt(OTHER_PREFIXES.length)];
        double kind = random.nextDouble();
        if (kind < 0.2) {
            long n = Math.floorMod(nevCounter++ * MULTIPLIER + 7, NEV_SPACE);
            StringBuilder s = new StringBuilder(8).append(prefix).append(n % 2 == 0 ? 'D' : 'F');
            n /= 2;
            s.append(CHARS[(int) (n % 34)]);
            n /= 34;
            s.append(String.format("%04d", n));
            return new Made(s.toString(), PlateColor.GREEN);
        }
        long n = Math.floorMod(normalCounter++ * MULTIPLIER + 11, NORMAL_SPACE);
        char[] tail = new char[5];
        for (int i = 4; i >= 0; i--) {
            tail[i] = CHARS[(int) (n % 34)];
            n /= 34;
        }
        return new Made(prefix + new String(tail), kind < 0.3 ? PlateColor.YELLOW : PlateColor.BLUE);
    }
}
