package org.ecoeval.submission.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A content-addressed store on a filesystem: {@code <root>/<aa>/<bb>/<sha256>}. Content is streamed into a
 * temporary file under {@code <root>/tmp} while its digest is computed, then moved into place atomically, so a
 * reader never sees a half-written file and a crash leaves only a temporary file behind.
 */
public class FileSystemContentStore implements ContentStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path tmp;

    public FileSystemContentStore(Path root) {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the evidence store at " + this.root, e);
        }
    }

    @Override
    public Stored put(InputStream in, long maxBytes) throws IOException {
        MessageDigest digest = sha256();
        Path temp = Files.createTempFile(tmp, "upload-", ".part");
        long size = 0;
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    size += n;
                    if (size > maxBytes) {
                        throw new TooLargeException(maxBytes);
                    }
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = pathOf(sha);
            if (!Files.exists(target)) {
                Files.createDirectories(target.getParent());
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    if (!Files.exists(target)) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return new Stored(sha, size);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<InputStream> open(String sha256) throws IOException {
        if (!contains(sha256)) {
            return Optional.empty();
        }
        return Optional.of(Files.newInputStream(pathOf(sha256)));
    }

    @Override
    public boolean contains(String sha256) {
        return sha256 != null && SHA256.matcher(sha256).matches() && Files.isRegularFile(pathOf(sha256));
    }

    /** Temporary files being written (for tests: nothing is left behind). */
    public long temporaryFiles() throws IOException {
        try (var s = Files.list(tmp)) {
            return s.count();
        }
    }

    private Path pathOf(String sha) {
        return root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
