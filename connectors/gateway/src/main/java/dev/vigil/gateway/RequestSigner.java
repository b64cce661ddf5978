package dev.vigil.gateway;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import dev.vigil.evidence.EvidenceStore;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signature of {@code /api/v1/*}: lowercase hex HMAC-SHA256 with the key's secret over
 * {@code METHOD\nPATH\nTIMESTAMP\nNONCE\nhex(SHA-256(body))}. Clients (the simulator, tests, vendors'
 * SDKs) and the gateway compute it the same way.
 */
public final class RequestSigner {
    private RequestSigner() {}

    public static String signature(String secret, String method, String path, String timestamp, String nonce, byte[] body) {
        String canonical = method + '\n' + path + '\n' + timestamp + '\n' + nonce + '\n' + sha256Hex(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A request to {@code uri} carrying the four signature headers for {@code method} and
     * {@code body}, with the current time and a fresh nonce. The caller adds the method with its
     * body publisher, and the content type.
     */
    public static HttpRequest.Builder signedRequest(URI uri, String method, String keyId, String secret, byte[] body) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        return HttpRequest.newBuilder(uri)
                .header("X-Vigil-Key", keyId)
                .header("X-Vigil-Timestamp", timestamp)
                .header("X-Vigil-Nonce", nonce)
                .header("X-Vigil-Signature", signature(secret, method, uri.getPath(), timestamp, nonce, body));
    }

    public static String sha256Hex(byte[] bytes) {
        return EvidenceStore.sha256Hex(bytes);
    }
}
