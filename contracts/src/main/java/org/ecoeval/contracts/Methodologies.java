package org.ecoeval.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The methodology versions the system knows. Each version is one data file
 * ({@code org/ecoeval/contracts/methodology/<version>.json}) holding every number of the method; the index
 * file lists them, so tracking-service can reject a plan naming an unknown version and scoring-service
 * can load the one a plan names.
 */
public final class Methodologies {
    public static final String DEFAULT_VERSION = "mee-2022";
    private static final String FOLDER = "/org/ecoeval/contracts/methodology/";

    public static List<String> versions() {
        try (InputStream in = Methodologies.class.getResourceAsStream(FOLDER + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("methodology index missing from the contracts jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isKnown(String version) {
        return version != null && versions().contains(version);
    }

    /** The JSON file of a version; the caller closes the stream. */
    public static Optional<InputStream> open(String version) {
        if (!isKnown(version)) {
            return Optional.empty();
        }
        return Optional.ofNullable(Methodologies.class.getResourceAsStream(FOLDER + version + ".json"));
    }

    private Methodologies() {
    }
}
