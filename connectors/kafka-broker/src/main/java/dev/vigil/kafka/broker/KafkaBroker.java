package dev.vigil.kafka.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), running in this
 * JVM, listening on loopback only, without authentication. Used by {@code vigil demo} and by
 * integration tests; it formats its data directory on first start and reuses it afterwards.
 *
 * <p>Tests share one broker per JVM through {@link #shared()} and create fresh topics per test.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String CLUSTER_ID_FILE = "vigil-cluster-id";

    private static KafkaBroker shared;

    private final KafkaRaftServer server;
    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;
    private volatile boolean deleteDataOnStop;

    private KafkaBroker(KafkaRaftServer server, Path dataDir, int port) {
        this.server = server;
        this.dataDir = dataDir;
        this.port = port;
        this.shutdownHook = new Thread(this::stopServer, "kafka-broker-shutdown");
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) keeping its logs under {@code dataDir},
     * and returns once it accepts clients.
     *
     * @param overrides broker settings to add or replace (for example
     *     {@code transaction.max.timeout.ms})
     */
    public static KafkaBroker start(Path dataDir, int port, Map<String, String> overrides) {
        try {
            Files.createDirectories(dataDir);
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort = freePort();
            Properties props = settings(dataDir, brokerPort, controllerPort);
            props.putAll(overrides);
            Path config = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written by Vigil's KafkaBroker at each start");
            }
            format(dataDir, config);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            KafkaBroker broker = new KafkaBroker(server, dataDir, brokerPort);
            Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
            LOG.info("Kafka broker listening on {} with data in {}", broker.bootstrapServers(), dataDir);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Kafka in " + dataDir, e);
        }
    }

    /**
     * The broker shared by every test in this JVM: started on first use on a free port in a fresh
     * directory under {@code java.io.tmpdir}, stopped when the JVM exits.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("vigil-kafka-");
                shared = start(dir, 0, Map.of());
                shared.deleteDataOnStop = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops the broker and waits until it has shut down. */
    @Override
    public synchronized void close() {
        stopServer();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private synchronized void stopServer() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on port {} stopped", port);
        if (deleteDataOnStop) {
            deleteRecursively(dataDir);
        }
    }

    private static Properties settings(Path dataDir, int brokerPort, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("auto.create.topics.enable", "false");
        // a single broker: internal topics with one replica, or groups and transactions wait forever
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("transaction.max.timeout.ms", "900000");
        p.put("log.retention.hours", "168");
        return p;
    }

    /** Formats the storage once; a directory formatted before keeps its cluster id and data. */
    private static void format(Path dataDir, Path config) throws IOException {
        Path idFile = dataDir.resolve(CLUSTER_ID_FILE);
        String clusterId;
        if (Files.exists(idFile)) {
            clusterId = Files.readString(idFile).trim();
        } else {
            clusterId = Uuid.randomUuid().toString();
            Files.writeString(idFile, clusterId);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[] {
            "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"
        }, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (status != 0) {
            throw new IOException("formatting Kafka storage failed (" + status + "): " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /** A port free on loopback right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + dataDir + "]";
    }
}
