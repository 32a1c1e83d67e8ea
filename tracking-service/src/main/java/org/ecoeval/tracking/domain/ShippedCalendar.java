package org.ecoeval.tracking.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The calendar years that ship with the system ({@code calendar/cn-<year>.json}, from the State Council's notices,
 * docs/working-calendar.md). An administrator adds later years through {@code PUT /calendar/{year}}.
 */
public final class ShippedCalendar {
    public static final List<Integer> YEARS = List.of(2024, 2025, 2026);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static List<WorkingCalendar.Year> years() {
        List<WorkingCalendar.Year> out = new ArrayList<>();
        for (int year : YEARS) {
            String resource = "calendar/cn-" + year + ".json";
            try (InputStream in = ShippedCalendar.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing shipped calendar " + resource);
                }
                out.add(JSON.readValue(in, WorkingCalendar.Year.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The calendar of the shipped years alone. */
    public static WorkingCalendar calendar() {
        return new WorkingCalendar(years());
    }

    private ShippedCalendar() {
    }
}
