package dev.vigil.deploy;

import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil gateway --config FILE}: the vendor gateway alone, until Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Run the vendor gateway: POST /api/v1/events, PUT /api/v1/evidence, GET /evidence/{sha256}, GET /health.",
            "The configuration file names the port, Kafka, the limits, the evidence folder and the vendors with their keys (docs/gateway.md)."})
final class GatewayCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "gateway configuration (YAML)")
    private Path config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig settings;
        try {
            settings = GatewayConfig.load(config);
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JacksonException e) {
            spec.commandLine().getErr().println("vigil: " + config + ": " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        try (Gateway gateway = Gateway.start(settings)) {
            out.printf("vigil gateway: listening on %s:%d, writing to Kafka at %s; Ctrl-C stops%n", settings.bindAddress(), gateway.port(),
                    settings.kafka().bootstrapServers());
            out.flush();
            stop.await();
            out.println("stopping the gateway");
        }
        return 0;
    }
}
