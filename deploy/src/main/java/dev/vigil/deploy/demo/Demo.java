package dev.vigil.deploy.demo;

import dev.vigil.deploy.sim.GatewayEventSink;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.deploy.sim.SimulatorSettings;
import dev.vigil.elasticsearch.ElasticsearchServer;
import dev.vigil.console.Console;
import dev.vigil.gateway.Gateway;
import dev.vigil.gateway.GatewayConfig;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.Registry;
import dev.vigil.pipeline.PipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: a Kafka broker in this JVM, Elasticsearch as a child process,
 * the topics, index templates and registry, the violations job on a local Flink cluster, and the
 * camera simulator. {@link #start} brings it up in that order; {@link #close} takes it down in
 * reverse, the job first cancelled with its newest checkpoint kept.
 */
public final class Demo implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    static final int KAFKA_PORT = 9092;
    static final int ELASTICSEARCH_PORT = 9200;
    static final int FLINK_WEB_PORT = 8081;
    static final int GATEWAY_PORT = 8088;
    static final int CONSOLE_PORT = 8080;

    /** What to start. {@code kafka}/{@code elasticsearch} null: start our own; {@code simulator} null: none. */
    public record Options(DemoHome home, Registry registry, String registryName, String kafka, String elasticsearch,
            String elasticsearchUser, String elasticsearchPassword, SimulatorSettings simulator, boolean gat1400) {}

    private final Options options;
    private final PrintWriter out;
    private final List<String> notes = new ArrayList<>();
    private KafkaBroker broker;
    private ElasticsearchServer elasticsearch;
    private LocalJob job;
    private Gateway gateway;
    private String gatewayUrl;
    private Console console;
    private String consoleUrl;
    private Simulator simulator;
    private Thread simulatorThread;
    private String kafka;
    private String elasticsearchUrl;
    private String webUi;
    private boolean closed;

    private Demo(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Starts everything; on failure stops what had started and rethrows. */
    public static Demo start(Options options, PrintWriter out) throws Exception {
        Demo demo = new Demo(options, out);
        options.home().claim();
        try {
            demo.startAll();
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    private void startAll() throws Exception {
        DemoHome home = options.home();
        step("Kafka");
        if (options.kafka() == null) {
            broker = KafkaBroker.start(home.kafka(), port(KAFKA_PORT, "Kafka"), Map.of());
            kafka = broker.bootstrapServers();
            done(kafka);
        } else {
            kafka = options.kafka();
            done(kafka + " (external)");
        }
        step("Elasticsearch");
        if (options.elasticsearch() == null) {
            Path esHome = home.elasticsearchHome();
            Path esData = home.elasticsearch();
            if (!ElasticsearchServer.canUse(home.root())) {
                // running as root under a folder Elasticsearch's unprivileged user cannot enter (e.g. /root)
                Path elsewhere = Path.of("/var/lib/vigil-es", Integer.toHexString(home.root().toString().hashCode()));
                Files.createDirectories(elsewhere, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                esHome = elsewhere.resolve("elasticsearch-home");
                esData = elsewhere.resolve("elasticsearch");
                notes.add("Elasticsearch keeps its data in " + esData + ": its user cannot enter " + home.root());
            }
            elasticsearch = ElasticsearchServer.start(new ElasticsearchServer.Settings(DemoHome.elasticsearchZip(), esHome, esData,
                    port(ELASTICSEARCH_PORT, "Elasticsearch"), "512m", false));
            elasticsearchUrl = elasticsearch.url();
            done(elasticsearchUrl);
        } else {
            elasticsearchUrl = options.elasticsearch();
            done(elasticsearchUrl + " (external)");
        }

        step("topics and registry");
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka);
        client.put("default.api.timeout.ms", "30000");
        TopicAdmin.createAll(client, Topics.DEFAULT);
        RegistryPublisher.Result published = new RegistryPublisher(client, Topics.DEFAULT.registry()).publish(options.registry());
        done(String.format("%s: %d written, %d deleted, %d unchanged", options.registryName(), published.written().size(),
                published.deleted().size(), published.unchanged()));

        step("gateway");
        GatewayConfig gatewayConfig = DemoGateway.configure(home, kafka, port(GATEWAY_PORT, "the gateway"));
        gateway = Gateway.start(gatewayConfig);
        gatewayUrl = "http://127.0.0.1:" + gateway.port();
        done(gatewayUrl);

        step("console");
        console = Console.start(DemoConsole.configure(home, elasticsearchUrl, kafka, port(CONSOLE_PORT, "the console")));
        consoleUrl = "http://127.0.0.1:" + console.port();
        done(consoleUrl);

        step("violations job");
        int webPort = port(FLINK_WEB_PORT, "the Flink web UI");
        List<String> args = new ArrayList<>(List.of(
                "--pipeline.kafka.bootstrap-servers", kafka,
                "--pipeline.elasticsearch.url", elasticsearchUrl));
        if (options.elasticsearchUser() != null) {
            args.addAll(List.of("--pipeline.elasticsearch.username", options.elasticsearchUser(),
                    "--pipeline.elasticsearch.password", options.elasticsearchPassword() == null ? "" : options.elasticsearchPassword()));
        }
        job = LocalJob.start(PipelineConfig.fromArgs(args.toArray(String[]::new)), home.checkpoints(), webPort);
        webUi = "http://127.0.0.1:" + webPort;
        done(job.resumedFrom() == null ? "started fresh" : "resumed from checkpoint " + home.root().relativize(job.resumedFrom()));

        if (options.simulator() != null) {
            step("camera simulator");
            // the simulated cameras upload through the gateway, as vendors do
            simulator = new Simulator(options.registry(), options.simulator(), home.simulator(),
                    new GatewayEventSink(gatewayUrl, DemoGateway.credentials(gatewayConfig),
                            options.gat1400() ? DemoGateway.viidAccounts(gatewayConfig) : Map.of()));
            simulatorThread = new Thread(() -> simulator.runUntil(0), "vigil-simulator");
            simulatorThread.setDaemon(true);
            simulatorThread.start();
            done(String.format("run %d, %.0f events/s at peak, seed %d%s", simulator.run(), options.simulator().rate(),
                    options.simulator().seed(), options.gat1400() ? ", checkpoints over GA/T 1400" : ""));
        }
        home.publish(new DemoHome.Running(ProcessHandle.current().pid(), kafka, elasticsearchUrl, webUi, gatewayUrl, consoleUrl));
    }

    /** The table printed once everything runs. */
    public void printRunning() {
        DemoHome home = options.home();
        out.println();
        out.println("vigil demo is running");
        row("Kafka", kafka);
        row("Elasticsearch", elasticsearchUrl + "   (violations: " + elasticsearchUrl + "/vigil-violations/_search?pretty)");
        row("Flink web UI", webUi);
        row("gateway", gatewayUrl + "   (vendor keys: " + home.gatewayConfig() + ")");
        row("console", consoleUrl + "/   (the dashboard: sign in as " + DemoConsole.USER + ", password and API token in "
                + home.consoleCredentials() + ")");
        row("simulator", simulator == null ? "off (--no-simulator)"
                : "run " + simulator.run() + ", drifting camera clock at " + simulator.driftingCamera());
        row("data", home.root() + "   (log: " + home.log() + ")");
        for (String note : notes) {
            row("note", note);
        }
        row("check", "./vigil check" + dataDirFlag() + "   (the simulator's violations against Elasticsearch)");
        row("stop", "Ctrl-C, or ./vigil stop" + dataDirFlag());
        out.flush();
    }

    /**
     * Blocks until {@code stop} opens (Ctrl-C, {@code vigil stop}) or the job ends on its own;
     * returns false in the second case.
     */
    public boolean await(CountDownLatch stop) throws InterruptedException {
        while (!stop.await(1, TimeUnit.SECONDS)) {
            if (job.termination().isDone()) {
                try {
                    job.termination().join();
                    out.println("vigil: the violations job ended");
                } catch (RuntimeException e) {
                    out.println("vigil: the violations job failed: " + rootCause(e) + " (details in " + options.home().log() + ")");
                }
                return false;
            }
        }
        return true;
    }

    /** Stops the simulator, the job (keeping its checkpoint), Elasticsearch and Kafka, in that order. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (simulator != null) {
            simulatorThread.interrupt();
            try {
                simulatorThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            simulator.close();
            out.println("simulator, run " + simulator.run() + ":");
            simulator.report().print(out);
        }
        if (gateway != null) {
            stepping("stopping the gateway");
            gateway.close();
        }
        if (console != null) {
            stepping("stopping the console");
            console.close();
        }
        if (job != null) {
            stepping("stopping the violations job (its newest checkpoint is kept)");
            job.close();
        }
        if (elasticsearch != null) {
            stepping("stopping Elasticsearch");
            elasticsearch.close();
        }
        if (broker != null) {
            stepping("stopping Kafka");
            broker.close();
        }
        options.home().release();
        out.println("vigil demo stopped; data kept in " + options.home().root());
        out.flush();
    }

    private String dataDirFlag() {
        return options.home().root().equals(new DemoHome(DemoHome.defaultRoot()).root()) ? "" : " --data-dir " + options.home().root();
    }

    /** {@code preferred} when it is free on loopback, else a free port (and a note saying so). */
    private int port(int preferred, String what) {
        try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return preferred;
        } catch (IOException busy) {
            int other = KafkaBroker.freePort();
            notes.add(what + " uses port " + other + " because " + preferred + " is taken");
            LOG.info("port {} is taken; {} uses {}", preferred, what, other);
            return other;
        }
    }

    private void step(String what) {
        out.printf("  %-24s", what + " ");
        out.flush();
    }

    private void done(String result) {
        out.println(result);
        out.flush();
    }

    private void stepping(String what) {
        out.println("  " + what);
        out.flush();
    }

    private void row(String name, String value) {
        out.printf("  %-15s %s%n", name, value);
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
