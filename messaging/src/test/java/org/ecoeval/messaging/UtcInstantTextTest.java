package org.ecoeval.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

class UtcInstantTextTest {
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    record Stamped(Instant at) {
    }

    private final ObjectMapper standard = new ObjectMapper().registerModule(new JavaTimeModule());
    private final ObjectMapper fast = standard.copy()
            .registerModule(new SimpleModule().addDeserializer(Instant.class, new UtcInstantDeserializer()));

    @Test
    void reads_every_instant_of_years_0_to_9999_as_Instant_parse_does_whatever_its_fraction_digits() {
        Random random = new Random(20261203);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    FIRST.getEpochSecond() + (long) (random.nextDouble() * (LAST.getEpochSecond() - FIRST.getEpochSecond())),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            String canonical = instant.toString(); // 0, 3, 6 or 9 fraction digits
            assertThat(UtcInstantText.parse(canonical)).as(canonical).isEqualTo(instant);
            String base = canonical.substring(0, 19);
            String nanos = "%09d".formatted(instant.getNano());
            int digits = 1 + random.nextInt(9); // any number of digits, trailing zeros kept or not
            String text = base + "." + nanos.substring(0, digits) + "Z";
            assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void reads_the_edges_of_the_calendar() {
        for (String text : List.of("2024-02-29T23:59:59.999999999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-12-03T10:56:24.1Z")) {
            assertThat(UtcInstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void leaves_every_other_form_to_the_standard_parser() {
        for (String text : List.of("2026-12-03T10:56:24+08:00", "2026-12-03T10:56:24", "+12026-12-03T10:56:24Z",
                "2026-12-03T23:59:60Z", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-32T00:00:00Z",
                "2026-12-03T24:00:00Z", "2026-12-03T10:60:00Z", "2026-12-03T10:56:24.Z",
                "2026-12-03T10:56:24.1234567890Z", "2026-12-03 10:56:24Z", "2026-12-03t10:56:24z", "2026-1２-03T10:56:24Z",
                " 2026-12-03T10:56:24Z", "2026-12-03T10:56:24,5Z", "", "Z", "2026-12-03T10:56:24.-1Z")) {
            assertThat(UtcInstantText.parse(text)).as(text).isNull();
        }
    }

    @Test
    void the_deserializer_accepts_and_rejects_exactly_what_the_standard_one_does() throws Exception {
        for (String json : List.of("\"2026-12-03T10:56:24.623780651Z\"", "\"2026-12-03T18:56:24+08:00\"",
                "\" 2026-12-03T10:56:24Z \"", "1764759384.5", "1764759384000", "null", "\"2024-02-29T00:00:00Z\"",
                "\"2026-12-03T10:56:24.Z\"" /* left to the standard one, which accepts it */)) {
            String doc = "{\"at\":" + json + "}";
            assertThat(fast.readValue(doc, Stamped.class)).as(doc).isEqualTo(standard.readValue(doc, Stamped.class));
        }
        for (String json : List.of("\"2023-02-29T00:00:00Z\"", "\"yesterday\"", "\"2026-12-03T10:56:24.1234567890Z\"", "true")) {
            String doc = "{\"at\":" + json + "}";
            Class<? extends Throwable> thrown = catchType(() -> standard.readValue(doc, Stamped.class));
            assertThatThrownBy(() -> fast.readValue(doc, Stamped.class)).as(doc).isExactlyInstanceOf(thrown);
        }
        assertThatThrownBy(() -> fast.readValue("{\"at\":\"2023-02-29T00:00:00Z\"}", Stamped.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("at")
                .hasRootCauseInstanceOf(DateTimeParseException.class);
    }

    private static Class<? extends Throwable> catchType(ThrowingRead read) {
        try {
            read.run();
        } catch (Throwable t) {
            return t.getClass();
        }
        throw new AssertionError("the standard deserializer accepted it");
    }

    @FunctionalInterface
    interface ThrowingRead {
        void run() throws Exception;
    }
}
