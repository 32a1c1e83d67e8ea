package org.ecoeval.tracking.domain;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the stored evidence-per-material JSON of a task's latest submission ({@code {"CODE": ["id", …]}}). */
@ApplicationScoped
public class MaterialsJson {
    private static final TypeReference<Map<String, List<String>>> TYPE = new TypeReference<>() {
    };

    @Inject
    ObjectMapper mapper;

    public Map<String, List<String>> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return mapper.readValue(json, TYPE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored materials cannot be read: " + json, e);
        }
    }
}
