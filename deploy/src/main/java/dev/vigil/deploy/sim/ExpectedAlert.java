package dev.vigil.deploy.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.model.AlertKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One alert the simulator's traffic must raise, or, when {@code uncertain}, may raise: a device
 * silence just at the threshold, or around a restart, which the check neither requires nor
 * counts against the system.
 *
 * @param subject the plate or the device
 * @param eventTime epoch millis of the moment that raises it
 * @param settlesAt epoch millis after which the system must have raised it
 * @param until for an uncertain window ({@code alertId} null): DEVICE_* alerts between eventTime and this are not judged
 */
public record ExpectedAlert(String alertId, AlertKind kind, String subject, long eventTime, long settlesAt, boolean uncertain,
        long until, int run) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every line of {@code file}; none when it does not exist. A torn last line is skipped. */
    public static List<ExpectedAlert> readAll(Path file) throws IOException {
        List<ExpectedAlert> all = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    try {
                        all.add(JSON.readValue(line, ExpectedAlert.class));
                    } catch (IOException torn) {
                        // killed mid-line
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return all;
    }
}
