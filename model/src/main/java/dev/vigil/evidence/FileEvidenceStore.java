package dev.vigil.evidence;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Evidence on the local filesystem: {@code dir/ab/cd/abcd…} by SHA-256, written to a temporary
 * file and moved into place, so a reader never sees half an image.
 */
public final class FileEvidenceStore implements EvidenceStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public FileEvidenceStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public String put(byte[] image) throws IOException {
        String sha256 = EvidenceStore.sha256Hex(image);
        Path target = path(sha256);
        if (Files.exists(target)) {
            return sha256;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), sha256, ".tmp");
        try {
            Files.write(tmp, image);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return sha256;
    }

    @Override
    public Optional<byte[]> get(String sha256) throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(path(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private Path path(String sha256) {
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }
}
