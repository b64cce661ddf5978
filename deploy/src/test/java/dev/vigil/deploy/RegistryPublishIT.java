package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kafka.RegistryPublisher;
import dev.vigil.kafka.broker.KafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil registry publish FILE} against a real broker: publish, republish a change, refuse a bad file. */
class RegistryPublishIT {
    @TempDir
    Path dir;

    @Test
    void publishesTheSampleCityThenOnlyWhatChanged() throws Exception {
        String topic = "vigil.registry." + UUID.randomUUID().toString().substring(0, 8);
        String kafka = KafkaBroker.shared().bootstrapServers();
        Path city = dir.resolve("county-seat.yaml");
        try (var in = getClass().getResourceAsStream("/dev/vigil/deploy/county-seat.yaml")) {
            Files.write(city, in.readAllBytes());
        }

        Result first = vigil("registry", "publish", city.toString(), "--kafka", kafka, "--topic", topic);
        String smaller = Files.readString(city).replaceAll("(?s)  # --- 钟楼巷.*?(?=  # --- checkpoints)", "");
        Files.writeString(city, smaller);
        Result second = vigil("registry", "publish", city.toString(), "--kafka", kafka, "--topic", topic);

        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("22 written, 0 deleted, 0 unchanged");
        assertThat(second.out()).contains("0 written, 1 deleted, 21 unchanged");
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        assertThat(new RegistryPublisher(props, topic).readCurrent()).hasSize(21).doesNotContainKey("device:EP-ZL-01");
    }

    @Test
    void aBadFileIsRefusedNamingTheDeviceAndFieldAndNothingIsPublished() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "devices:\n  - {id: 0101, type: E_POLICE, siteId: J, location: {lat: 1, lon: 2}}\n", StandardCharsets.UTF_8);

        Result result = vigil("registry", "publish", bad.toString(), "--kafka", "127.0.0.1:1");

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("device /devices/0 /devices/0/id: must be a string: quote it");
    }

    @Test
    void anUnreachableBrokerIsASentenceNotAStackTrace() throws Exception {
        Path city = dir.resolve("city.yaml");
        try (var in = getClass().getResourceAsStream("/dev/vigil/deploy/county-seat.yaml")) {
            Files.write(city, in.readAllBytes());
        }

        Result result = vigil("registry", "publish", city.toString(), "--kafka", "127.0.0.1:1");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).startsWith("vigil: cannot reach Kafka").doesNotContain("\tat ");
    }

    private record Result(int code, String out, String err) {}

    private static Result vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Vigil.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
