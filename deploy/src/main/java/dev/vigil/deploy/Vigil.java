package dev.vigil.deploy;

import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.TopicSpec;
import dev.vigil.kafka.Topics;
import dev.vigil.model.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code vigil} launcher's commands: {@code demo}, {@code stop}, {@code simulate},
 * {@code check} and {@code registry publish FILE}.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true,
        subcommands = {DemoCommand.class, StopCommand.class, SimulateCommand.class, CheckCommand.class, GatewayCommand.class,
            Vigil.RegistryCommand.class},
        description = "Vigil: traffic camera events to enforceable, searchable violations.",
        footer = {"", "Also: ./vigil bench [--help]  measures throughput, sinks, gateway and latency against their limits."})
public final class Vigil implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line, writing to {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Vigil());
        cli.setOut(out);
        cli.setErr(err);
        // a failure is a sentence for the person at the terminal, not a stack trace
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("vigil: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code vigil registry ...}. */
    @Command(name = "registry", mixinStandardHelpOptions = true, subcommands = {PublishCommand.class},
            description = "Manage the camera registry the running job uses.")
    static final class RegistryCommand implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
    }

    /** {@code vigil registry publish FILE}: validates the file and publishes what changed. */
    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = {"Validate a registry file (YAML, or JSON by its .json name) and publish it to the registry topic.",
                "Entries that changed are written, entries the file no longer has are deleted; the running job picks them up."})
    static final class PublishCommand implements Callable<Integer> {
        @Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the registry file")
        private Path file;

        @Option(names = "--kafka", defaultValue = "localhost:9092", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
        private String kafka;

        @Option(names = "--topic", defaultValue = "vigil.registry", description = "registry topic (default: ${DEFAULT-VALUE})")
        private String topic;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Registry registry = CityRegistry.loadOrExplain(file, err);
            if (registry == null) {
                return 2;
            }
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka);
            props.put("request.timeout.ms", "15000");
            props.put("default.api.timeout.ms", "30000");
            TopicAdmin.create(props, List.of(registrySpec()));
            RegistryPublisher.Result result = new RegistryPublisher(props, topic).publish(registry);
            out.printf("published %s to %s: %d written, %d deleted, %d unchanged%n", file, topic,
                    result.written().size(), result.deleted().size(), result.unchanged());
            return 0;
        }

        /** The registry topic as Vigil creates it, under the name given. */
        private TopicSpec registrySpec() {
            for (TopicSpec spec : Topics.DEFAULT.specs()) {
                if (spec.name().equals(Topics.DEFAULT.registry())) {
                    return new TopicSpec(topic, spec.partitions(), spec.configs());
                }
            }
            throw new IllegalStateException("no registry topic in " + Topics.DEFAULT);
        }
    }
}
