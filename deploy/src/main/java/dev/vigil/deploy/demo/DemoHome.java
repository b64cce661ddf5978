package dev.vigil.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's data directory: Kafka's logs, Elasticsearch's data, the job's retained checkpoints,
 * the simulator's ground truth, the log file, and while a demo runs, {@code demo.json} (its
 * process id and addresses, for {@code vigil stop} and {@code vigil check}).
 */
public final class DemoHome {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a running demo tells other commands. */
    public record Running(long pid, String kafka, String elasticsearch, String flinkWebUi, String gateway, String console) {}

    private final Path root;

    public DemoHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The data directory when none is given: {@code data/} in the Vigil checkout. */
    public static Path defaultRoot() {
        return Path.of(System.getProperty("vigil.home", ".")).resolve("data");
    }

    public Path root() {
        return root;
    }

    public Path kafka() {
        return root.resolve("kafka");
    }

    public Path elasticsearch() {
        return root.resolve("elasticsearch");
    }

    /** Where the Elasticsearch distribution is unpacked. */
    public Path elasticsearchHome() {
        return root.resolve("elasticsearch-home");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path simulator() {
        return root.resolve("simulator");
    }

    /** The demo gateway's configuration: vendors and their keys, kept across restarts. */
    public Path gatewayConfig() {
        return root.resolve("gateway.yaml");
    }

    /** The demo console's API token and sign-in, generated once. */
    public Path consoleCredentials() {
        return root.resolve("console-credentials");
    }

    public Path evidence() {
        return root.resolve("evidence");
    }

    public Path log() {
        return root.resolve("vigil.log");
    }

    private Path stateFile() {
        return root.resolve("demo.json");
    }

    /** The demo running on this directory, if its process is alive. */
    public Optional<Running> running() {
        Path file = stateFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Running running = JSON.readValue(file.toFile(), Running.class);
            return ProcessHandle.of(running.pid())
                    .filter(ProcessHandle::isAlive)
                    // a pid from before a reboot may name another program now
                    .filter(p -> p.info().commandLine().map(c -> c.contains("dev.vigil.deploy.Vigil")).orElse(true))
                    .map(p -> running);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Claims the directory for this process; fails when another live demo holds it. */
    public void claim() {
        running().ifPresent(other -> {
            throw new IllegalStateException("a demo is already running on " + root + " (process " + other.pid()
                    + "); stop it with ./vigil stop" + (root.equals(new DemoHome(defaultRoot()).root()) ? "" : " --data-dir " + root));
        });
        publish(new Running(ProcessHandle.current().pid(), null, null, null, null, null));
    }

    /** Records this demo's addresses. */
    public void publish(Running running) {
        try {
            Files.createDirectories(root);
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("pid", running.pid());
            map.put("kafka", running.kafka());
            map.put("elasticsearch", running.elasticsearch());
            map.put("flinkWebUi", running.flinkWebUi());
            map.put("gateway", running.gateway());
            map.put("console", running.console());
            Path tmp = root.resolve("demo.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), map);
            Files.move(tmp, stateFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + root, e);
        }
    }

    /** Gives the directory up (only if this process holds it). */
    public void release() {
        running().filter(r -> r.pid() == ProcessHandle.current().pid()).ifPresent(r -> {
            try {
                Files.deleteIfExists(stateFile());
            } catch (IOException ignored) {
                // the next demo sees a dead pid and takes over
            }
        });
    }

    /** The Elasticsearch distribution the build copied next to the launcher. */
    public static Path elasticsearchZip() {
        String configured = System.getProperty("vigil.elasticsearch.zip");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of(System.getProperty("vigil.home", ".")).resolve("deploy/target/elasticsearch");
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(dir, "elasticsearch-*.zip")) {
            for (Path zip : zips) {
                return zip;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("the Elasticsearch distribution is missing from " + dir
                + ": build with 'mvn -DskipTests package' (./vigil does it), or pass --es URL for a running cluster");
    }
}
