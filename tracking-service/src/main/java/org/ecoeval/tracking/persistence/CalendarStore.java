package org.ecoeval.tracking.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Years of the working calendar, as JSON per year. */
@ApplicationScoped
public class CalendarStore {

    public record YearRow(int year, String source, String holidaysJson, String workdaysJson, Instant loadedAt,
            String loadedBy) {
    }

    @Inject
    Db db;

    public List<YearRow> all() {
        return db.list("select year, source, holidays, workdays, loaded_at, loaded_by from calendar_year order by year",
                rs -> new YearRow(rs.getInt("year"), rs.getString("source"), rs.getString("holidays"),
                        rs.getString("workdays"), Db.instant(rs, "loaded_at"), rs.getString("loaded_by")));
    }

    /** Stores the year unless it is held already (the shipped years never overwrite an administrator's). */
    public boolean insertIfAbsent(YearRow row) {
        return db.update("insert into calendar_year (year, source, holidays, workdays, loaded_at, loaded_by) "
                + "values (?,?,?,?,?,?) on conflict (year) do nothing", row.year(), row.source(), row.holidaysJson(),
                row.workdaysJson(), row.loadedAt(), row.loadedBy()) == 1;
    }

    /** Stores or replaces the year; true when it was new. */
    public boolean upsert(YearRow row) {
        boolean existed = db.one("select 1 from calendar_year where year = ? for update", rs -> 1, row.year())
                .isPresent();
        db.update("insert into calendar_year (year, source, holidays, workdays, loaded_at, loaded_by) "
                + "values (?,?,?,?,?,?) on conflict (year) do update set source = excluded.source, "
                + "holidays = excluded.holidays, workdays = excluded.workdays, loaded_at = excluded.loaded_at, "
                + "loaded_by = excluded.loaded_by", row.year(), row.source(), row.holidaysJson(), row.workdaysJson(),
                row.loadedAt(), row.loadedBy());
        return !existed;
    }
}
