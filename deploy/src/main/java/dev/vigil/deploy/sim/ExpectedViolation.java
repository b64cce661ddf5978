package dev.vigil.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.ViolationType;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of the simulator's ground truth.
 *
 * @param violationId the id the system must give it (DESIGN §6)
 * @param plate the normalised plate, null when unreadable
 * @param place site, zone (parking) or section (section speed)
 * @param eventTime epoch millis of its first observation (the entry pass for a section)
 * @param settlesAt epoch millis of the event that makes it exist; the system reports it once its
 *     watermark has passed this time
 * @param run the simulator run that made it
 */
public record ExpectedViolation(String violationId, ViolationType type, String plate, String place, long eventTime,
        long settlesAt, int run) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every line of {@code file}; none when it does not exist. A torn last line is skipped. */
    public static List<ExpectedViolation> readAll(Path file) throws IOException {
        List<ExpectedViolation> all = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    all.add(JSON.readValue(line, ExpectedViolation.class));
                } catch (IOException torn) {
                    // the simulator was killed mid-line; what it had not finished writing it had not sent
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return all;
    }
}
