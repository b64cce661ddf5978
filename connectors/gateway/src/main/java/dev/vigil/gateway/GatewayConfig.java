package dev.vigil.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * The gateway's configuration file (YAML): where it listens, the Kafka it writes to, its limits,
 * where evidence images go, and the vendors with their keys. Unknown keys are refused so that a
 * typo does not silently fall back to a default.
 *
 * <pre>
 * port: 8088
 * kafka: {bootstrapServers: localhost:9092}
 * evidenceDir: data/evidence
 * vendors:
 *   - name: hikvision
 *     keys: [{id: hk-2026a, secret: "…"}, {id: hk-2026b, secret: "…"}]   # two during a rotation
 * </pre>
 */
public record GatewayConfig(String bindAddress, int port, Kafka kafka, Limits limits, String evidenceDir, List<Vendor> vendors) {

    /** Kafka: the topics and how long a request may wait for the broker's acknowledgement. */
    public record Kafka(String bootstrapServers, String eventsTopic, String deadLettersTopic, int ackTimeoutSeconds,
            int maxBlockMillis, long bufferBytes) {
        public Kafka {
            eventsTopic = eventsTopic == null ? "vigil.camera-events" : eventsTopic;
            deadLettersTopic = deadLettersTopic == null ? "vigil.dead-letters" : deadLettersTopic;
            ackTimeoutSeconds = ackTimeoutSeconds == 0 ? 30 : ackTimeoutSeconds;
            maxBlockMillis = maxBlockMillis == 0 ? 1_000 : maxBlockMillis;
            bufferBytes = bufferBytes == 0 ? 64L << 20 : bufferBytes;
        }

        /**
         * The gateway producer's settings: idempotent, {@code acks=all}, a bounded buffer, and a
         * record the broker has not taken by the time a request gives up is failed, not left to
         * arrive later. The bench's raw producer uses the same.
         */
        public Properties producerProperties() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrapServers);
            props.put("acks", "all");
            props.put("enable.idempotence", "true");
            props.put("linger.ms", "2");
            props.put("buffer.memory", Long.toString(bufferBytes));
            props.put("max.block.ms", Integer.toString(maxBlockMillis));
            int delivery = Math.max(ackTimeoutSeconds * 1000, 5_000);
            props.put("delivery.timeout.ms", Integer.toString(delivery));
            props.put("request.timeout.ms", Integer.toString(delivery / 2));
            props.put("client.id", "vigil-gateway");
            return props;
        }
    }

    /** What one request and one vendor may send. */
    public record Limits(int maxBodyBytes, int maxEventsPerRequest, int maxJsonDepth, int maxStringLength,
            int eventsPerSecond, int maxImageBytes) {
        public Limits {
            maxBodyBytes = maxBodyBytes == 0 ? 8 << 20 : maxBodyBytes;
            maxEventsPerRequest = maxEventsPerRequest == 0 ? 1_000 : maxEventsPerRequest;
            maxJsonDepth = maxJsonDepth == 0 ? 16 : maxJsonDepth;
            maxStringLength = maxStringLength == 0 ? 16_384 : maxStringLength;
            eventsPerSecond = eventsPerSecond == 0 ? 5_000 : eventsPerSecond;
            maxImageBytes = maxImageBytes == 0 ? 16 << 20 : maxImageBytes;
        }

        public static Limits defaults() {
            return new Limits(0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * A vendor: its name (events must carry it), its API keys (at most two: the old and the new), and
     * the GA/T 1400 devices or platforms that register for it.
     */
    public record Vendor(String name, List<Key> keys, List<ViidAccount> viid) {
        public Vendor {
            keys = keys == null ? List.of() : List.copyOf(keys);
            viid = viid == null ? List.of() : List.copyOf(viid);
        }

        public Vendor(String name, List<Key> keys) {
            this(name, keys, List.of());
        }
    }

    /** A GA/T 1400 device or platform: its {@code User-Identify} and its HTTP Digest password. */
    public record ViidAccount(String userIdentify, String password) {
        @Override
        public String toString() {
            return "ViidAccount[" + userIdentify + "]";
        }
    }

    /** An API key: its id (header {@code X-Vigil-Key}) and the secret it signs with. */
    public record Key(String id, String secret) {
        @Override
        public String toString() {
            return "Key[" + id + "]"; // never the secret
        }
    }

    public GatewayConfig {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        port = port == 0 ? 8088 : port;
        limits = limits == null ? Limits.defaults() : limits;
        evidenceDir = evidenceDir == null ? "data/evidence" : evidenceDir;
        vendors = vendors == null ? List.of() : List.copyOf(vendors);
        List<String> problems = new ArrayList<>();
        if (kafka == null || kafka.bootstrapServers() == null) {
            problems.add("kafka.bootstrapServers is required");
        }
        if (limits.maxEventsPerRequest() > limits.eventsPerSecond()) {
            problems.add("limits.maxEventsPerRequest (" + limits.maxEventsPerRequest() + ") must not exceed limits.eventsPerSecond ("
                    + limits.eventsPerSecond() + "): such a request could never pass the rate limit");
        }
        Set<String> names = new HashSet<>();
        Set<String> keyIds = new HashSet<>();
        Set<String> viidIds = new HashSet<>();
        for (Vendor vendor : vendors) {
            if (vendor.name() == null || vendor.name().isBlank() || !names.add(vendor.name())) {
                problems.add("vendor names must be present and unique: " + vendor.name());
            }
            List<Key> keys = vendor.keys();
            if (keys.size() > 2 || (keys.isEmpty() && vendor.viid().isEmpty())) {
                problems.add("vendor " + vendor.name() + " needs one or two keys (two while rotating) or GA/T 1400 accounts, has "
                        + keys.size() + " keys");
            }
            for (ViidAccount account : vendor.viid()) {
                if (account.userIdentify() == null || !viidIds.add(account.userIdentify())) {
                    problems.add("GA/T 1400 User-Identify values must be present and unique: " + account.userIdentify());
                }
                if (account.password() == null || account.password().length() < 8) {
                    problems.add("the password of GA/T 1400 account " + account.userIdentify() + " must have at least 8 characters");
                }
            }
            for (Key key : keys) {
                if (key.id() == null || !keyIds.add(key.id())) {
                    problems.add("key ids must be present and unique: " + key.id());
                }
                if (key.secret() == null || key.secret().length() < 16) {
                    problems.add("the secret of key " + key.id() + " must have at least 16 characters");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("gateway configuration: " + String.join("; ", problems));
        }
    }

    /** Reads a YAML (or JSON) configuration file. */
    public static GatewayConfig load(Path file) throws IOException {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return yaml.readValue(file.toFile(), GatewayConfig.class);
    }
}
