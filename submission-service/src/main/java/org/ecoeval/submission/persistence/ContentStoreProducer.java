package org.ecoeval.submission.persistence;

import java.nio.file.Path;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The evidence store: the content-addressed filesystem store at {@code ecoeval.submission.evidence.store-dir}. */
public class ContentStoreProducer {

    @Produces
    @Singleton
    ContentStore contentStore(@ConfigProperty(name = "ecoeval.submission.evidence.store-dir") String dir) {
        return new FileSystemContentStore(Path.of(dir));
    }
}
