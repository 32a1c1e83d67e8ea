package org.ecoeval.submission.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where evidence bytes live, addressed by their SHA-256. Implementations stream: no method ever holds a whole
 * file in memory.
 */
public interface ContentStore {

    /** What {@link #put} stored: the content's SHA-256 (lower-case hex) and its size. */
    record Stored(String sha256, long sizeBytes) {
    }

    /** Thrown by {@link #put} when the content is longer than the limit; nothing is kept. */
    class TooLargeException extends IOException {
        private final long limit;

        public TooLargeException(long limit) {
            super("content longer than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /**
     * Streams {@code in} into the store, computing its SHA-256 and size on the way, and stops (keeping nothing)
     * as soon as more than {@code maxBytes} have been read. Storing the same bytes twice keeps one copy.
     */
    Stored put(InputStream in, long maxBytes) throws IOException;

    /** The content with this SHA-256, if stored. The caller closes the stream. */
    Optional<InputStream> open(String sha256) throws IOException;

    boolean contains(String sha256);
}
