package dev.vigil.deploy;

import dev.vigil.deploy.demo.DemoGateway;
import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.deploy.sim.GatewayEventSink;
import dev.vigil.deploy.sim.KafkaEventSink;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.model.Registry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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

    @Option(names = "--gateway", paramLabel = "URL", description = "gateway to upload through (default: the running demo's, else http://localhost:8088)")
    private String gateway;

    @Option(names = "--gateway-config", paramLabel = "FILE", description = "where the vendors' keys are (default: DIR/gateway.yaml, written by the demo)")
    private Path gatewayConfig;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "write straight to this Kafka instead of through the gateway")
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
        Simulator.EventSink sink;
        String destination;
        if (kafka != null) {
            sink = new KafkaEventSink(kafka, topic);
            destination = topic + " on " + kafka;
        } else {
            String url = gateway != null ? gateway
                    : home.running().map(DemoHome.Running::gateway).filter(g -> g != null).orElse("http://localhost:8088");
            Path keys = gatewayConfig != null ? gatewayConfig : home.gatewayConfig();
            if (!Files.exists(keys)) {
                err.println("vigil: no vendor keys in " + keys + ": start ./vigil demo once, or pass --gateway-config FILE or --kafka");
                return 2;
            }
            GatewayConfig gatewayKeys = GatewayConfig.load(keys);
            sink = new GatewayEventSink(url, DemoGateway.credentials(gatewayKeys),
                    simulatorOptions.protocol == SimulatorOptions.Protocol.gat1400 ? DemoGateway.viidAccounts(gatewayKeys) : Map.of());
            destination = "the gateway at " + url;
        }
        Thread main = Thread.currentThread();
        StopSignals.onStop(main::interrupt);
        try (Simulator simulator = new Simulator(registry, simulatorOptions.settings(), home.simulator(), sink)) {
            out.printf("vigil simulate: run %d to %s, %.0f events/s at peak; Ctrl-C stops%n", simulator.run(), destination,
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
