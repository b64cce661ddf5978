package dev.vigil.deploy;

import dev.vigil.model.Registry;
import dev.vigil.model.RegistryException;
import dev.vigil.model.RegistryReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The registry a command runs on: a file given with {@code --registry}, else the shipped county seat (null). */
public final class CityRegistry {
    static final String SAMPLE = "/dev/vigil/deploy/county-seat.yaml";

    private CityRegistry() {}

    public static Registry load(Path file) throws IOException {
        if (file != null) {
            return RegistryReader.read(file);
        }
        try (InputStream in = CityRegistry.class.getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the sample city is missing from the launcher: " + SAMPLE));
            }
            return RegistryReader.read(in.readAllBytes(), false, "county-seat.yaml");
        }
    }

    /** {@link #load}, or null after telling {@code err} what is wrong with the file. */
    static Registry loadOrExplain(Path file, PrintWriter err) throws IOException {
        try {
            return load(file);
        } catch (RegistryException e) {
            err.println(e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("no such file: " + file);
        }
        return null;
    }

    static String name(Path file) {
        return file == null ? "the sample county seat" : file.toString();
    }
}
