package dev.vigil.deploy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.vigil.deploy.check.ViolationCheck;
import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.deploy.sim.ExpectedAlert;
import dev.vigil.deploy.sim.ExpectedViolation;
import dev.vigil.deploy.sim.Simulator;
import dev.vigil.elasticsearch.ElasticsearchClients;
import dev.vigil.elasticsearch.Indices;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil check}: the simulator's ground truth against Elasticsearch, per violation type. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compare the violations the simulator made happen with those in Elasticsearch: expected, found, missing, unexpected.",
            "Violations younger than the settle time are pending (the job reports in event-time order, behind its watermark).",
            "Exit code 0: nothing missing or unexpected; 1: differences; 2: nothing to check yet."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private CommonOptions.DataDir dataDir;

    @Option(names = "--es", paramLabel = "URL", description = "Elasticsearch (default: the running demo's, else http://localhost:9200)")
    private String elasticsearch;

    @Option(names = "--settle", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "60s",
            description = "how far behind the simulator's newest event a violation must be to count (default: ${DEFAULT-VALUE})")
    private Duration settle;

    @Option(names = "--wait", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "0s",
            description = "retry for up to this long until nothing is missing or unexpected (default: ${DEFAULT-VALUE})")
    private Duration wait;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoHome home = dataDir.home();
        String url = elasticsearch != null ? elasticsearch
                : home.running().map(DemoHome.Running::elasticsearch).orElse("http://localhost:9200");
        long deadline = System.currentTimeMillis() + wait.toMillis();
        ElasticsearchClient client = ElasticsearchClients.create(url);
        try {
            while (true) {
                List<ExpectedViolation> expected = ExpectedViolation.readAll(home.simulator().resolve("expected.ndjson"));
                long horizon = Simulator.newestEventTime(home.simulator()) - settle.toMillis();
                ViolationCheck.Result result = ViolationCheck.run(client, Indices.DEFAULT.violationsAlias(), expected, horizon);
                ViolationCheck.AlertResult alerts = ViolationCheck.alerts(client, Indices.DEFAULT.alerts(),
                        ExpectedAlert.readAll(home.simulator().resolve("expected-alerts.ndjson")), horizon);
                boolean nothingYet = result.total().expected() == 0;
                boolean clean = result.clean() && alerts.clean();
                if ((clean && !nothingYet) || System.currentTimeMillis() >= deadline) {
                    out.printf("simulator ground truth in %s, Elasticsearch at %s, counting up to %s%n",
                            home.simulator(), url, horizon > 0 ? java.time.Instant.ofEpochMilli(horizon) : "(nothing simulated yet)");
                    result.print(out);
                    out.println();
                    alerts.print(out);
                    out.println(nothingYet ? "nothing to check yet" : clean ? "OK" : "DIFFERENCES");
                    return nothingYet ? 2 : clean ? 0 : 1;
                }
                Thread.sleep(5_000);
            }
        } finally {
            client._transport().close();
        }
    }
}
