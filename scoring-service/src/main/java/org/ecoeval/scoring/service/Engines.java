package org.ecoeval.scoring.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.ecoeval.scoring.domain.DeltaEiEngine;
import org.ecoeval.scoring.domain.Methodology;

/** One engine per methodology version a plan names (the versioned data files of the contracts). */
@ApplicationScoped
public class Engines {
    private final Map<String, DeltaEiEngine> engines = new ConcurrentHashMap<>();

    public DeltaEiEngine of(String methodologyVersion) {
        return engines.computeIfAbsent(methodologyVersion, v -> new DeltaEiEngine(Methodology.load(v)));
    }
}
