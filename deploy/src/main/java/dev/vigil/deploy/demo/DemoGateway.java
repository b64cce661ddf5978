package dev.vigil.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.vigil.deploy.sim.GatewayEventSink;
import dev.vigil.gateway.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's gateway configuration: the simulator's vendors with a key each, generated once and
 * kept in the data directory (readable by its owner only), pointed at this run's Kafka and port.
 */
public final class DemoGateway {
    /** The vendors the simulator speaks for. */
    static final List<String> VENDORS = List.of("hikvision", "dahua", "uniview");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private DemoGateway() {}

    /** The configuration for this run, creating the vendors' keys on first use. */
    static GatewayConfig configure(DemoHome home, String kafka, int port) throws IOException {
        Path file = home.gatewayConfig();
        SecureRandom random = new SecureRandom();
        List<GatewayConfig.Vendor> vendors = new ArrayList<>();
        if (Files.exists(file)) {
            vendors.addAll(GatewayConfig.load(file).vendors());
        } else {
            for (String vendor : VENDORS) {
                vendors.add(new GatewayConfig.Vendor(vendor, List.of(new GatewayConfig.Key(vendor + "-demo", secret(random, 24)))));
            }
        }
        for (int i = 0; i < vendors.size(); i++) {
            GatewayConfig.Vendor vendor = vendors.get(i);
            if (vendor.viid().isEmpty()) {
                // a GA/T 1400 platform per vendor, 20-digit id as the standard's are
                String platform = String.format("3101000000119%07d", i + 1);
                vendors.set(i, new GatewayConfig.Vendor(vendor.name(), vendor.keys(),
                        List.of(new GatewayConfig.ViidAccount(platform, secret(random, 12)))));
            }
        }
        GatewayConfig config = new GatewayConfig("127.0.0.1", port, new GatewayConfig.Kafka(kafka, null, null, 0, 0, 0),
                GatewayConfig.Limits.defaults(), home.evidence().toString(), vendors);
        Files.createDirectories(home.root());
        Path tmp = home.root().resolve("gateway.yaml.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        YAML.writeValue(tmp.toFile(), config);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return config;
    }

    private static String secret(SecureRandom random, int bytes) {
        byte[] secret = new byte[bytes];
        random.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** The simulator's GA/T 1400 platform accounts, by vendor. */
    public static Map<String, GatewayEventSink.ViidAccount> viidAccounts(GatewayConfig config) {
        Map<String, GatewayEventSink.ViidAccount> accounts = new LinkedHashMap<>();
        for (GatewayConfig.Vendor vendor : config.vendors()) {
            if (!vendor.viid().isEmpty()) {
                GatewayConfig.ViidAccount account = vendor.viid().get(0);
                accounts.put(vendor.name(), new GatewayEventSink.ViidAccount(account.userIdentify(), account.password()));
            }
        }
        return accounts;
    }

    /** The simulator's credentials, from a gateway configuration. */
    public static Map<String, GatewayEventSink.Credential> credentials(GatewayConfig config) {
        Map<String, GatewayEventSink.Credential> credentials = new LinkedHashMap<>();
        for (GatewayConfig.Vendor vendor : config.vendors()) {
            GatewayConfig.Key key = vendor.keys().get(vendor.keys().size() - 1);
            credentials.put(vendor.name(), new GatewayEventSink.Credential(key.id(), key.secret()));
        }
        return credentials;
    }
}
