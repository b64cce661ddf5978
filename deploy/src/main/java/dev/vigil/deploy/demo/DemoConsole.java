package dev.vigil.deploy.demo;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.vigil.console.Console;
import dev.vigil.console.ConsoleConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * The demo's console credentials: an API token for scripts and a user {@code demo} for people,
 * generated once and kept in {@code DATA/console-credentials} (readable by its owner only); the
 * console itself keeps only their hashes.
 */
final class DemoConsole {
    static final String USER = "demo";

    private DemoConsole() {}

    static ConsoleConfig configure(DemoHome home, String elasticsearch, String kafka, int port) throws IOException {
        Path file = home.consoleCredentials();
        Properties credentials = new Properties();
        if (Files.exists(file)) {
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                credentials.load(in);
            }
        } else {
            SecureRandom random = new SecureRandom();
            credentials.setProperty("token", secret(random));
            credentials.setProperty("user", USER);
            credentials.setProperty("password", secret(random).substring(0, 16));
            Files.createDirectories(home.root());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                credentials.store(out, "the demo console's API token (Authorization: Bearer TOKEN) and sign-in");
            }
        }
        String hash = BCrypt.withDefaults().hashToString(10, credentials.getProperty("password").toCharArray());
        return new ConsoleConfig("127.0.0.1", port, new ConsoleConfig.Elasticsearch(elasticsearch, null, null, null),
                new ConsoleConfig.Kafka(kafka, null, null),
                List.of(new ConsoleConfig.Token("demo", Console.tokenHash(credentials.getProperty("token")))),
                List.of(new ConsoleConfig.User(credentials.getProperty("user"), hash)), home.evidence().toString(), null);
    }

    private static String secret(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
