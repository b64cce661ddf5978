package dev.vigil.deploy;

import dev.vigil.deploy.demo.DemoHome;
import dev.vigil.model.Registry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Flags several commands share. */
final class CommonOptions {
    private CommonOptions() {}

    /** {@code --data-dir}. */
    static final class DataDir {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "the demo's data directory (default: data/ in the checkout)")
        private Path dir;

        DemoHome home() {
            return new DemoHome(dir == null ? DemoHome.defaultRoot() : dir);
        }
    }

    /** {@code --registry}. */
    static final class RegistryFile {
        @Option(names = "--registry", paramLabel = "FILE", description = "camera registry (default: the sample county seat)")
        private Path file;

        /** The registry, or null after telling {@code err} what is wrong. */
        Registry load(PrintWriter err) throws IOException {
            return CityRegistry.loadOrExplain(file, err);
        }

        String name() {
            return CityRegistry.name(file);
        }
    }
}
