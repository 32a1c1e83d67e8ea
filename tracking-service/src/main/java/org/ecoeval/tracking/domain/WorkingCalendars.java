package org.ecoeval.tracking.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.ecoeval.tracking.persistence.CalendarStore;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.StartupEvent;

/**
 * The working calendar the service uses, from its database: the shipped years are stored at start when absent,
 * an administrator loads further years. Read often (every sweep), changed about once a year, so it is kept in
 * memory and re-read at most every minute (another instance's PUT is seen within that) and at once after a PUT
 * here.
 */
@ApplicationScoped
public class WorkingCalendars {
    private static final Logger LOG = Logger.getLogger(WorkingCalendars.class);
    private static final Duration REREAD = Duration.ofMinutes(1);
    private static final TypeReference<List<WorkingCalendar.Day>> DAYS = new TypeReference<>() {
    };

    private record Cached(WorkingCalendar calendar, Instant readAt) {
    }

    @Inject
    CalendarStore store;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    private final AtomicReference<Cached> cached = new AtomicReference<>();

    @Transactional
    void storeShippedYears(@Observes StartupEvent start) {
        for (WorkingCalendar.Year year : ShippedCalendar.years()) {
            if (store.insertIfAbsent(row(year, "shipped"))) {
                LOG.infof("working calendar %d stored from the shipped data", year.year());
            }
        }
    }

    /** The calendar as it stands. */
    public WorkingCalendar current() {
        Cached c = cached.get();
        Instant now = clock.instant();
        if (c == null || c.readAt().plus(REREAD).isBefore(now)) {
            c = new Cached(read(), now);
            cached.set(c);
        }
        return c.calendar();
    }

    public Optional<WorkingCalendar.Year> year(int year) {
        return current().year(year);
    }

    /** Loads or replaces one year (validated: 422 with every broken rule); true when the year was new. */
    @Transactional
    public boolean put(int year, WorkingCalendar.Year body, String by) {
        List<Violation> violations = new ArrayList<>();
        if (year < 1949 || year > 2999) {
            violations.add(new Violation("year", "range", "the year must lie between 1949 and 2999"));
        }
        violations.addAll(WorkingCalendar.Year.check(year, body));
        if (body != null && (body.source() == null || body.source().isBlank())) {
            violations.add(new Violation("source", "required", "name the notice the dates come from"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        boolean created = store.upsert(row(body, by));
        cached.set(null);
        LOG.infof("working calendar %d %s by %s", year, created ? "loaded" : "replaced", by);
        return created;
    }

    private WorkingCalendar read() {
        List<WorkingCalendar.Year> years = new ArrayList<>();
        for (CalendarStore.YearRow r : store.all()) {
            try {
                years.add(new WorkingCalendar.Year(r.year(), r.source(), mapper.readValue(r.holidaysJson(), DAYS),
                        mapper.readValue(r.workdaysJson(), DAYS)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored calendar year " + r.year() + " cannot be read", e);
            }
        }
        return new WorkingCalendar(years);
    }

    private CalendarStore.YearRow row(WorkingCalendar.Year year, String by) {
        try {
            return new CalendarStore.YearRow(year.year(), year.source(), mapper.writeValueAsString(year.holidays()),
                    mapper.writeValueAsString(year.workdays()), clock.instant(), by);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
