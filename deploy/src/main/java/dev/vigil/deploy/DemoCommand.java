package dev.vigil.deploy;

import dev.vigil.deploy.demo.Demo;
import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.deploy.demo.LogFile;
import dev.vigil.model.Registry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil demo}: the whole system on this machine until Ctrl-C or {@code vigil stop}. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start Kafka, Elasticsearch, the violations job (Flink web UI on 8081) and the camera simulator on this machine.",
            "Ctrl-C or ./vigil stop stops everything; the next demo starts on the kept data and resumes the job from its newest checkpoint."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--no-simulator", description = "do not start the camera simulator")
    private boolean noSimulator;

    @Mixin
    private CommonOptions.RegistryFile registryFile;

    @Mixin
    private CommonOptions.DataDir dataDir;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", description = "use this Kafka cluster instead of starting one")
    private String kafka;

    @Option(names = "--es", paramLabel = "URL", description = "use this Elasticsearch instead of starting one")
    private String elasticsearch;

    @Option(names = "--es-user", paramLabel = "USER", description = "basic-auth user for --es; the password comes from the environment variable VIGIL_ES_PASSWORD")
    private String elasticsearchUser;

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
        Files.createDirectories(home.root());
        LogFile.use(home.log());
        CountDownLatch stop = new CountDownLatch(1);
        StopSignals.onStop(stop::countDown);
        out.println("vigil demo: starting, data in " + home.root());
        Demo.Options options = new Demo.Options(home, registry, registryFile.name(), kafka, elasticsearch,
                elasticsearchUser, System.getenv("VIGIL_ES_PASSWORD"), noSimulator ? null : simulatorOptions.settings(),
                simulatorOptions.protocol == SimulatorOptions.Protocol.gat1400);
        Demo demo;
        try {
            demo = Demo.start(options, out);
        } catch (IllegalStateException e) {
            err.println("vigil: " + e.getMessage());
            return 1;
        }
        try {
            demo.printRunning();
            boolean stopped = demo.await(stop);
            out.println();
            out.println(stopped ? "stopping..." : "stopping after the job's end...");
            return stopped ? 0 : 1;
        } finally {
            demo.close();
        }
    }
}
