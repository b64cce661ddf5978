package dev.vigil.elasticsearch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch server as a child process, from the distribution zip that Maven resolves
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip}). Listens on loopback
 * only, without security, on a free port unless told otherwise; used by {@code vigil demo} and by
 * integration tests.
 *
 * <p>Elasticsearch refuses to run as root: when this JVM is root, the server runs as the system
 * user {@value #SERVICE_USER} (created if missing), which owns the unpacked distribution and the
 * data directory. The server is started through a small watchdog script that stops it when this
 * JVM's end of its stdin pipe closes, so no server outlives the JVM, even after {@code kill -9}.
 */
public final class ElasticsearchServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchServer.class);

    /** The unprivileged user the server runs as when this JVM runs as root. */
    public static final String SERVICE_USER = "vigil-es";

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
    private static ElasticsearchServer shared;

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final Path logFile;
    private final boolean deleteDataOnStop;
    private final Thread shutdownHook;
    private boolean stopped;

    private ElasticsearchServer(Process process, int port, Path dataDir, Path logFile, boolean deleteDataOnStop) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.deleteDataOnStop = deleteDataOnStop;
        this.shutdownHook = new Thread(this::stopProcess, "elasticsearch-shutdown");
    }

    /** What to start and where. */
    public record Settings(Path distributionZip, Path workDir, Path dataDir, int port, String heap, boolean deleteDataOnStop) {
        /** Defaults: a free port, a 256 MB heap, data kept. */
        public static Settings of(Path distributionZip, Path workDir, Path dataDir) {
            return new Settings(distributionZip, workDir, dataDir, 0, "256m", false);
        }
    }

    /**
     * Unpacks the distribution under {@code workDir} (once), starts the server and returns when the
     * cluster is at least yellow.
     */
    public static ElasticsearchServer start(Settings settings) {
        try {
            Path home = unpack(settings.distributionZip(), settings.workDir());
            Files.createDirectories(settings.dataDir());
            Path logs = settings.dataDir().resolve("logs");
            Path tmp = settings.dataDir().resolve("tmp");
            Files.createDirectories(logs);
            Files.createDirectories(tmp);
            boolean root = isRoot();
            if (root) {
                ensureServiceUser();
                requireTraversable(home);
                requireTraversable(settings.dataDir());
                chown(settings.workDir());
                chown(settings.dataDir());
            }
            int port = settings.port() == 0 ? freePort() : settings.port();
            List<String> command = new ArrayList<>();
            command.add("/bin/sh");
            command.add(watchdog(settings.workDir()).toString());
            if (root) {
                command.addAll(List.of("setpriv", "--reuid=" + SERVICE_USER, "--regid=" + SERVICE_USER, "--init-groups", "--"));
            }
            command.add(home.resolve("bin/elasticsearch").toString());
            command.addAll(List.of(
                    "-Ediscovery.type=single-node",
                    "-Expack.security.enabled=false",
                    "-Enetwork.host=127.0.0.1",
                    "-Ehttp.port=" + port,
                    "-Etransport.port=" + freePort(),
                    "-Epath.data=" + settings.dataDir().resolve("data"),
                    "-Epath.logs=" + logs,
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                    "-Eaction.destructive_requires_name=false"));
            Path logFile = settings.dataDir().resolve("elasticsearch.out");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            String javaHome = System.getenv("ES_JAVA_HOME");
            builder.environment().put("ES_JAVA_HOME", javaHome != null && !javaHome.isBlank() ? javaHome : System.getProperty("java.home"));
            builder.environment().put("ES_JAVA_OPTS", "-Xms" + settings.heap() + " -Xmx" + settings.heap());
            builder.environment().put("ES_TMPDIR", tmp.toString());
            builder.environment().put("CLI_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp);
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process process = builder.start();
            ElasticsearchServer server = new ElasticsearchServer(process, port, settings.dataDir(), logFile, settings.deleteDataOnStop());
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            try {
                server.awaitHealthy();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            LOG.info("Elasticsearch listening on {} with data in {}", server.url(), settings.dataDir());
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Elasticsearch: " + e.getMessage(), e);
        }
    }

    /**
     * The server shared by every test in this JVM, started on first use on a free port with fresh
     * data, stopped when the JVM exits. The distribution comes from the system property
     * {@code vigil.elasticsearch.zip} (the build sets it to the zip in the local Maven repository)
     * and is unpacked under {@code vigil.elasticsearch.work}.
     */
    public static synchronized ElasticsearchServer shared() {
        if (shared == null) {
            String zip = System.getProperty("vigil.elasticsearch.zip");
            if (zip == null || zip.isBlank() || !Files.isRegularFile(Path.of(zip))) {
                throw new IllegalStateException("Elasticsearch distribution not found: set -Dvigil.elasticsearch.zip to the "
                        + "integ-test-zip artifact (the Maven build does this for tests); was " + zip);
            }
            Path work = Path.of(System.getProperty("vigil.elasticsearch.work", System.getProperty("java.io.tmpdir") + "/vigil-elasticsearch"));
            try {
                Files.createDirectories(work);
                if (isRoot() && !traversableByOthers(work)) {
                    // e.g. a checkout under /root: the service user could not reach it
                    Path fallback = Path.of("/tmp", "vigil-elasticsearch-" + ProcessHandle.current().pid());
                    LOG.warn("{} is not reachable by user {} (a parent folder is not world-executable); using {} instead",
                            work, SERVICE_USER, fallback);
                    work = fallback;
                }
                Path data = work.resolve("data-" + ProcessHandle.current().pid());
                shared = start(new Settings(Path.of(zip), work, data, 0, "256m", true));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the server and waits for it and every process it started to exit. */
    @Override
    public synchronized void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopProcess() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        try {
            // closing stdin tells the watchdog to stop the server gracefully
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                LOG.warn("Elasticsearch did not stop within 60 s; killing it");
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            for (ProcessHandle handle : tree) {
                if (handle.isAlive()) {
                    handle.destroyForcibly();
                    handle.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("while stopping Elasticsearch: {}", e.toString());
        }
        LOG.info("Elasticsearch on port {} stopped", port);
        if (deleteDataOnStop) {
            deleteRecursively(dataDir);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited with status " + process.exitValue()
                        + " during startup; its output ends with:\n" + tail(logFile));
            }
            try {
                HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Elasticsearch", e);
            }
            sleep(250);
        }
        throw new IllegalStateException("Elasticsearch not healthy after " + STARTUP_TIMEOUT.toSeconds()
                + " s; its output ends with:\n" + tail(logFile));
    }

    /** Unpacks the zip under {@code workDir} unless an earlier run did; returns the distribution's home. */
    static Path unpack(Path zip, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        String name = zip.getFileName().toString().replaceFirst("\\.zip$", "");
        Path home = workDir.resolve(name);
        Path marker = workDir.resolve(name + ".unpacked");
        if (Files.exists(marker) && Files.isDirectory(home)) {
            return home;
        }
        deleteRecursively(home);
        Path staging = Files.createTempDirectory(workDir, "unpacking-");
        Path root = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                if (root == null) {
                    root = staging.resolve(Path.of(entry.getName()).getName(0));
                }
            }
        }
        if (root == null) {
            throw new IOException("empty distribution " + zip);
        }
        // java.util.zip does not keep permissions: restore the execute bits of the launch scripts
        try (var scripts = Files.list(root.resolve("bin"))) {
            for (Path script : (Iterable<Path>) scripts::iterator) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(script);
                perms.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
                Files.setPosixFilePermissions(script, perms);
            }
        }
        Files.move(root, home);
        deleteRecursively(staging);
        Files.writeString(marker, zip.toString());
        return home;
    }

    private static Path watchdog(Path workDir) throws IOException {
        Path script = workDir.resolve("watchdog.sh");
        try (InputStream in = ElasticsearchServer.class.getResourceAsStream("watchdog.sh")) {
            if (in == null) {
                throw new IOException("watchdog.sh missing from the classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        return script;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void ensureServiceUser() throws IOException {
        if (run("id", "-u", SERVICE_USER) == 0) {
            return;
        }
        int status = run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent",
                "--shell", "/usr/sbin/nologin", "--user-group", SERVICE_USER);
        if (status != 0 && run("id", "-u", SERVICE_USER) != 0) {
            throw new IOException("cannot create the system user " + SERVICE_USER + " (useradd exited " + status
                    + "); Elasticsearch refuses to run as root");
        }
        LOG.info("created system user {} to run Elasticsearch", SERVICE_USER);
    }

    private static void chown(Path dir) throws IOException {
        int status = run("chown", "-R", SERVICE_USER + ":" + SERVICE_USER, dir.toString());
        if (status != 0) {
            throw new IOException("cannot give " + dir + " to " + SERVICE_USER + " (chown exited " + status + ")");
        }
    }

    private static void requireTraversable(Path dir) throws IOException {
        if (!traversableByOthers(dir)) {
            throw new IOException(dir + " is under a folder that user " + SERVICE_USER + " cannot enter (not world-executable, "
                    + "like /root or a 0700 temporary folder): keep Elasticsearch's files under a folder whose parents all "
                    + "allow it, e.g. --data-dir /var/lib/vigil");
        }
    }

    /**
     * Whether a server started by this JVM can use {@code dir}: always, unless this JVM runs as root
     * and the server's user cannot enter a parent folder of {@code dir}.
     */
    public static boolean canUse(Path dir) throws IOException {
        return !isRoot() || traversableByOthers(dir.resolve("x"));
    }

    /** Whether every parent of {@code path} lets others through (execute permission). */
    static boolean traversableByOthers(Path path) throws IOException {
        for (Path p = path.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    private static int run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command[0], e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ElasticsearchServer[" + url() + ", " + dataDir + "]";
    }
}
