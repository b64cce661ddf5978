package dev.vigil.deploy;

import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.deploy.sim.KafkaEventSink;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.kafka.Topics;
import dev.vigil.model.Registry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: camera traffic over a registry, uploaded to Kafka, with its ground truth kept for {@code check}. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate the cameras of a registry: vehicles, pedestrians and e-bikes, signal cycles, violations at a chosen rate,",
            "and the vendors' imperfections (retries, disorder, late uploads, a drifting clock, unreadable plates, malformed payloads).",
            "What it made happen goes to DIR/simulator/expected.ndjson for ./vigil check."})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "Kafka to upload to (default: the running demo's, else localhost:9092)")
    private String kafka;

    @Option(names = "--topic", description = "camera-event topic (default: ${DEFAULT-VALUE})", defaultValue = "vigil.camera-events")
    private String topic;

    @Mixin
    private CommonOptions.RegistryFile registryFile;

    @Mixin
    private CommonOptions.DataDir dataDir;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class, description = "stop after this long, e.g. 10m (default: until Ctrl-C)")
    private Duration duration;

    @Mixin
    private SimulatorOptions simulatorOptions;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DemoHome home = dataDir.home();
        Registry registry = registryFile.load(err);
        if (registry == null) {
            return 2;
        }
        String bootstrap = kafka != null ? kafka : home.running().map(DemoHome.Running::kafka).orElse("localhost:9092");
        Thread main = Thread.currentThread();
        StopSignals.onStop(main::interrupt);
        try (Simulator simulator = new Simulator(registry, simulatorOptions.settings(), home.simulator(), new KafkaEventSink(bootstrap, topic))) {
            out.printf("vigil simulate: run %d to %s on %s, %.0f events/s at peak; Ctrl-C stops%n", simulator.run(), topic, bootstrap,
                    simulatorOptions.settings().rate());
            out.flush();
            simulator.runUntil(duration == null ? 0 : System.currentTimeMillis() + duration.toMillis());
            Thread.interrupted();
            out.println("simulator, run " + simulator.run() + ":");
            simulator.report().print(out);
        }
        return 0;
    }
}
