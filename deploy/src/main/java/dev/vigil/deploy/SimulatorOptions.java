package dev.vigil.deploy;

import dev.vigil.deploy.sim.SimulatorSettings;
import picocli.CommandLine.Option;

/** The simulator's flags, shared by {@code demo} and {@code simulate}. */
final class SimulatorOptions {
    @Option(names = "--rate", paramLabel = "EVENTS_PER_S", description = "events per second at the busiest hour; nights are about a quarter of it (default: 50)")
    Double rate;

    @Option(names = "--violations", paramLabel = "SHARE", description = "share of road users that commit a violation where a camera sees them (default: 0.05)")
    Double violations;

    @Option(names = "--seed", description = "traffic is a function of the seed and the run number (default: 20261124)")
    Long seed;

    @Option(names = "--mix", split = ",", paramLabel = "TYPE=WEIGHT",
            description = "how often each violation type happens relative to the others, e.g. RED_LIGHT=3,WRONG_WAY=0 (default: 1 each)")
    java.util.Map<dev.vigil.model.ViolationType, Double> mix;

    /** How the simulated cameras talk to the gateway. */
    enum Protocol { canonical, gat1400 }

    @Option(names = "--protocol", description = "canonical: every event as canonical JSON; gat1400: checkpoint passes as GA/T 1400 "
            + "MotorVehicleObjects through /VIID (default: ${DEFAULT-VALUE})", defaultValue = "canonical")
    Protocol protocol;

    SimulatorSettings settings() {
        SimulatorSettings settings = SimulatorSettings.defaults();
        if (rate != null) {
            settings = settings.withRate(rate);
        }
        if (violations != null) {
            settings = settings.withViolations(violations);
        }
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        if (mix != null) {
            settings = settings.withMix(mix);
        }
        return settings;
    }
}
