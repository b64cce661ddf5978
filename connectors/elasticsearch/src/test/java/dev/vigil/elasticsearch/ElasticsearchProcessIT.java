package dev.vigil.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No Elasticsearch outlives the JVM that started it, even when that JVM is killed with SIGKILL. */
class ElasticsearchProcessIT {
    @Test
    void aServerDiesWithItsKilledParent() throws Exception {
        Path work = Path.of(System.getProperty("vigil.elasticsearch.work"));
        String zip = System.getProperty("vigil.elasticsearch.zip");
        Path data = work.resolve("orphan-test-" + ProcessHandle.current().pid());
        Process parent = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                StartAndWait.class.getName(), zip, work.toString(), data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
        String started = null;
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("STARTED ")) {
                started = line;
                break;
            }
        }
        assertThat(started).as("the child JVM started Elasticsearch").isNotNull();
        List<ProcessHandle> servers = parent.descendants().toList();
        assertThat(servers).isNotEmpty();

        parent.toHandle().destroyForcibly();
        parent.waitFor(30, TimeUnit.SECONDS);

        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (servers.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        try (var files = java.nio.file.Files.walk(data)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts a server and waits forever; the test kills this JVM. */
    public static final class StartAndWait {
        public static void main(String[] args) throws Exception {
            ElasticsearchServer server = ElasticsearchServer.start(new ElasticsearchServer.Settings(
                    Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), 0, "256m", true));
            System.out.println("STARTED " + server.url());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
