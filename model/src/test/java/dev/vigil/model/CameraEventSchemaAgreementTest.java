package dev.vigil.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.SchemaOracle.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The strict reader agrees with a JSON Schema validator run on the shipped schema, on thousands of
 * seeded valid and invalid payloads.
 */
class CameraEventSchemaAgreementTest {
    private static final int CASES = 6000;

    private final CameraEventReader reader = new CameraEventReader();
    private final SchemaOracle oracle = new SchemaOracle("/schema/camera-event.schema.json");

    @Test
    void readerAndSchemaValidatorGiveTheSameVerdictOnASeededCorpus() {
        CameraEventCorpus corpus = new CameraEventCorpus(20261123L);
        Map<Verdict, Integer> seen = new EnumMap<>(Verdict.class);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            byte[] payload = corpus.next();
            Verdict expected = oracle.judge(payload);
            Verdict actual = verdict(reader.read(payload));
            seen.merge(expected, 1, Integer::sum);
            if (expected != actual) {
                disagreements.add("#" + i + " schema says " + expected + ", reader says " + actual
                        + " (" + reader.read(payload).field() + ": " + reader.read(payload).detail() + "): "
                        + new String(payload, StandardCharsets.UTF_8));
            }
        }
        assertThat(disagreements).as("disagreements").isEmpty();
        // the corpus exercises every verdict in quantity, so agreement is not vacuous
        assertThat(seen.get(Verdict.VALID)).isGreaterThan(1500);
        assertThat(seen.get(Verdict.SCHEMA_VIOLATION)).isGreaterThan(1500);
        assertThat(seen.get(Verdict.MALFORMED_JSON)).isGreaterThan(300);
    }

    @Test
    void everyBoundaryTimeIsJudgedAlike() {
        for (String time : CameraEventCorpus.goodTimes()) {
            assertThat(verdictOf(time)).as(time).isEqualTo(Verdict.VALID);
        }
        for (String time : CameraEventCorpus.badTimes()) {
            assertThat(verdictOf(time)).as(time).isEqualTo(Verdict.SCHEMA_VIOLATION);
        }
    }

    private Verdict verdictOf(String time) {
        CameraEventCorpus corpus = new CameraEventCorpus(1L);
        var event = corpus.validEvent().put("eventTime", time);
        byte[] payload = CameraEventCorpus.bytes(event.toString());
        Verdict expected = oracle.judge(payload);
        assertThat(verdict(reader.read(payload))).as("reader on " + time).isEqualTo(expected);
        return expected;
    }

    private static Verdict verdict(ReadResult result) {
        if (result.isAccepted()) {
            return Verdict.VALID;
        }
        return Verdict.valueOf(result.reason().name());
    }
}
