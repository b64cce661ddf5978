package dev.vigil.console;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's configuration file (YAML): where it listens, the Elasticsearch it reads, and the
 * API tokens scripts use ({@code Authorization: Bearer <token>}), kept as their SHA-256 so the file
 * holds no usable secret, the people who sign in, and where evidence images are kept. Unknown keys
 * are refused.
 *
 * <pre>
 * port: 8080
 * elasticsearch: {url: http://localhost:9200}
 * kafka: {bootstrapServers: localhost:9092}
 * tokens:
 *   - {name: analyst-script, sha256: "…"}   # echo -n TOKEN | sha256sum
 * users:
 *   - {name: duty, bcrypt: "$2a$12$…"}
 * evidenceDir: data/evidence        # the gateway's evidence store, for /api/evidence/{sha256}
 * signInAttemptsPerMinute: 10       # per user name; three times that per client address
 * </pre>
 */
public record ConsoleConfig(String bindAddress, int port, Elasticsearch elasticsearch, Kafka kafka, List<Token> tokens, List<User> users,
        String evidenceDir, Integer signInAttemptsPerMinute) {

    /** Without an evidence store, and with the default limit on sign-in attempts. */
    public ConsoleConfig(String bindAddress, int port, Elasticsearch elasticsearch, Kafka kafka, List<Token> tokens, List<User> users) {
        this(bindAddress, port, elasticsearch, kafka, tokens, users, null, null);
    }

    /** A person who signs in: a name and the bcrypt hash of the password. */
    public record User(String name, String bcrypt) {
        @Override
        public String toString() {
            return "User[" + name + "]";
        }
    }

    /**
     * Kafka, for the live stream of stats and alerts and for the registry's devices; without it
     * {@code /api/stream} and {@code /api/devices} answer 503.
     */
    public record Kafka(String bootstrapServers, String statsTopic, String alertsTopic, String registryTopic) {
        public Kafka {
            statsTopic = statsTopic == null ? "vigil.stats" : statsTopic;
            alertsTopic = alertsTopic == null ? "vigil.alerts" : alertsTopic;
            registryTopic = registryTopic == null ? "vigil.registry" : registryTopic;
        }

        public Kafka(String bootstrapServers, String statsTopic, String alertsTopic) {
            this(bootstrapServers, statsTopic, alertsTopic, null);
        }
    }

    /** Elasticsearch: address, optional basic-auth credentials, and the index prefix the job writes with. */
    public record Elasticsearch(String url, String username, String password, String indexPrefix) {
        public Elasticsearch {
            indexPrefix = indexPrefix == null ? "vigil-" : indexPrefix;
        }
    }

    /** An API token: a name for logs, and the lowercase hex SHA-256 of the token. */
    public record Token(String name, String sha256) {}

    public ConsoleConfig {
        bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        users = users == null ? List.of() : List.copyOf(users);
        signInAttemptsPerMinute = signInAttemptsPerMinute == null ? 10 : signInAttemptsPerMinute;
        List<String> problems = new ArrayList<>();
        if (signInAttemptsPerMinute < 1) {
            problems.add("signInAttemptsPerMinute must be at least 1");
        }
        if (elasticsearch == null || elasticsearch.url() == null) {
            problems.add("elasticsearch.url is required");
        }
        for (Token token : tokens) {
            if (token.name() == null || token.sha256() == null || !token.sha256().matches("[0-9a-f]{64}")) {
                problems.add("each token needs a name and the lowercase hex SHA-256 of the token: " + token.name());
            }
        }
        for (User user : users) {
            if (user.name() == null || user.bcrypt() == null || !user.bcrypt().matches("\\$2[aby]\\$\\d\\d\\$.{53}")) {
                problems.add("each user needs a name and a bcrypt hash ($2a$…): " + user.name());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("console configuration: " + String.join("; ", problems));
        }
    }

    public static ConsoleConfig load(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(file.toFile(), ConsoleConfig.class);
    }
}
