package dev.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.Topics;
import dev.vigil.kafka.broker.KafkaBroker;
import dev.vigil.model.RegistryReader;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/stream} on a real broker: live events as they commit, and a reconnection that neither
 * loses nor repeats; {@code /api/devices} from the registry topic.
 */
class LiveStreamIT {
    private static final String TOKEN = "dashboard-token-0123456789";
    private static final List<ConsoleConfig.User> USERS = List.of();

    private Topics topics;
    private Console console;
    private KafkaProducer<String, String> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    /** One server-sent event. */
    record Event(String id, String type, String data) {}

    @BeforeEach
    void start() throws Exception {
        topics = Topics.withSuffix("." + UUID.randomUUID().toString().substring(0, 8));
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        TopicAdmin.createAll(props, topics);
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        console = Console.start(new ConsoleConfig("127.0.0.1", 0,
                new ConsoleConfig.Elasticsearch("http://127.0.0.1:1", null, null, "unused-"), // the stream reads Kafka only
                new ConsoleConfig.Kafka(KafkaBroker.shared().bootstrapServers(), topics.stats(), topics.alerts(), topics.registry()),
                List.of(new ConsoleConfig.Token("it", Console.tokenHash(TOKEN))), USERS));
    }

    @AfterEach
    void stop() {
        console.close();
        producer.close();
    }

    @Test
    void devicesComeFromTheRegistryTopicWithWhereTheyStand() throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        new RegistryPublisher(props, topics.registry()).publish(RegistryReader.read("""
                devices:
                  - {id: EP-2, type: E_POLICE, siteId: J-2, name: 解放路与东大街路口, district: 城关镇, road: 解放路,
                     location: {lat: 34.26, lon: 108.94}}
                  - {id: CK-1, type: CHECKPOINT, siteId: K-1, location: {lat: 34.3, lon: 108.9}}
                """, "it.yaml"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/devices"))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode devices = new ObjectMapper().readTree(answer.body()).path("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).toString()).isEqualTo("{\"id\":\"CK-1\",\"name\":null,\"type\":\"CHECKPOINT\",\"siteId\":\"K-1\","
                + "\"district\":null,\"road\":null,\"lon\":108.9,\"lat\":34.3}");
        assertThat(devices.get(1).toString()).isEqualTo("{\"id\":\"EP-2\",\"name\":\"解放路与东大街路口\",\"type\":\"E_POLICE\","
                + "\"siteId\":\"J-2\",\"district\":\"城关镇\",\"road\":\"解放路\",\"lon\":108.94,\"lat\":34.26}");
    }

    private InputStream open(String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/stream"))
                .header("Authorization", "Bearer " + TOKEN).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        return response.body();
    }

    /** Reads events until {@code count} arrived (the connection comment first, when {@code awaitConnected}). */
    private static List<Event> read(BufferedReader in, int count) throws Exception {
        List<Event> events = new ArrayList<>();
        String id = null;
        String type = null;
        String data = null;
        String line;
        while (events.size() < count && (line = in.readLine()) != null) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                type = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            } else if (line.isEmpty() && data != null) {
                events.add(new Event(id, type, data));
                id = null;
                type = null;
                data = null;
            }
        }
        return events;
    }

    private static void awaitConnected(BufferedReader in) throws Exception {
        assertThat(in.readLine()).isEqualTo(": connected");
        assertThat(in.readLine()).isEmpty();
    }

    private void send(String topic, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, value, value)).get();
    }

    @Test
    void eventsArriveLiveAndAReconnectionResumesExactlyAfterTheLastEventSeen() throws Exception {
        List<Event> seen;
        try (BufferedReader first = new BufferedReader(new InputStreamReader(open(null), StandardCharsets.UTF_8))) {
            awaitConnected(first);
            send(topics.stats(), "{\"statId\":\"s1\"}");
            send(topics.alerts(), "{\"alertId\":\"a1\"}");
            send(topics.stats(), "{\"statId\":\"s2\"}");
            seen = read(first, 3);
        }
        assertThat(seen).extracting(Event::data).containsExactlyInAnyOrder("{\"statId\":\"s1\"}", "{\"alertId\":\"a1\"}", "{\"statId\":\"s2\"}");
        assertThat(seen).filteredOn(e -> e.data().contains("alertId")).extracting(Event::type).containsExactly("alert");
        assertThat(seen).filteredOn(e -> e.data().contains("statId")).extracting(Event::type).containsOnly("stat");

        // while the client is away, and one more after it comes back
        send(topics.alerts(), "{\"alertId\":\"a2\"}");
        send(topics.stats(), "{\"statId\":\"s3\"}");
        Event lastSeen = seen.get(1); // resume from the middle: the third event must come again, once
        List<Event> resumed;
        try (BufferedReader second = new BufferedReader(new InputStreamReader(open(lastSeen.id()), StandardCharsets.UTF_8))) {
            awaitConnected(second);
            send(topics.alerts(), "{\"alertId\":\"a3\"}");
            resumed = read(second, 4);
        }
        List<String> all = new ArrayList<>();
        seen.subList(0, 2).forEach(e -> all.add(e.data()));
        resumed.forEach(e -> all.add(e.data()));
        assertThat(all).containsExactlyInAnyOrder("{\"statId\":\"s1\"}", "{\"alertId\":\"a1\"}", "{\"statId\":\"s2\"}",
                "{\"alertId\":\"a2\"}", "{\"statId\":\"s3\"}", "{\"alertId\":\"a3\"}");
        assertThat(resumed).extracting(Event::data).contains(seen.get(2).data());
    }

    @Test
    void aStrangeLastEventIdIsRefused() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/stream"))
                .header("Authorization", "Bearer " + TOKEN).header("Last-Event-ID", "yesterday").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Last-Event-ID");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.port() + "/api/stream")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
}
