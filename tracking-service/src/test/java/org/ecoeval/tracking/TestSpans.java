package org.ecoeval.tracking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;

/** The spans the service records in tests, kept in memory (a span exporter bean replaces the OTLP exporter). */
@ApplicationScoped
public class TestSpans {
    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }
}
