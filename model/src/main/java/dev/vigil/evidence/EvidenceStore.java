package dev.vigil.evidence;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where evidence images are kept, by the SHA-256 of their bytes: storing the same image twice
 * keeps one copy. The local filesystem by default; an S3-compatible store can implement this.
 */
public interface EvidenceStore {
    /** Stores {@code image} and returns its lowercase hex SHA-256. */
    String put(byte[] image) throws IOException;

    /** The image with this SHA-256, if stored. */
    Optional<byte[]> get(String sha256) throws IOException;

    /** The lowercase hex SHA-256 of {@code bytes}: an image's key in every store. */
    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
