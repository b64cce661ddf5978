package dev.vigil.bench;

import dev.vigil.gateway.GatewayConfig;
import dev.vigil.gateway.RequestSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A gateway for the bench's vendors (one key each, no rate limit in the way), and signed uploads to it. */
final class BenchGateway {
    /** The configuration and each vendor's secret. */
    record Setup(GatewayConfig config, Map<String, String> secrets) {}

    private BenchGateway() {}

    static Setup configure(Collection<String> vendorNames, String bootstrapServers, String topic, String deadLetterTopic, Path evidence) {
        Map<String, String> secrets = new LinkedHashMap<>();
        List<GatewayConfig.Vendor> vendors = new ArrayList<>();
        for (String vendor : vendorNames) {
            secrets.put(vendor, UUID.randomUUID().toString());
            vendors.add(new GatewayConfig.Vendor(vendor, List.of(new GatewayConfig.Key(keyId(vendor), secrets.get(vendor))), List.of()));
        }
        GatewayConfig config = new GatewayConfig("127.0.0.1", 0, new GatewayConfig.Kafka(bootstrapServers, topic, deadLetterTopic, 0, 0, 0),
                new GatewayConfig.Limits(0, 0, 0, 0, 100_000_000, 0), evidence.toString(), vendors);
        return new Setup(config, secrets);
    }

    /**
     * A client as a camera platform would use: HTTP/1.1 (the gateway speaks nothing else, and a
     * client asking for HTTP/2 tries an upgrade first).
     */
    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** An NDJSON upload of {@code vendor}'s events, signed as DESIGN §11 says. */
    static HttpRequest upload(URI events, String vendor, String secret, byte[] body) {
        return RequestSigner.signedRequest(events, "POST", keyId(vendor), secret, body)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private static String keyId(String vendor) {
        return vendor + "-bench";
    }
}
