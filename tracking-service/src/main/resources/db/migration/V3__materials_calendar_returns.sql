-- Issue 11: materials per task, the working calendar, returns that reach the unit.

-- The working calendar, one row per year of the State Council's notice: the years the system ships (loaded at
-- start when absent) and those an administrator loads through PUT /calendar/{year}. holidays and workdays are
-- JSON arrays of {date, name}.
create table calendar_year (
    year               int primary key,
    source             text        not null,
    holidays           text        not null,
    workdays           text        not null,
    loaded_at          timestamptz not null,
    loaded_by          text        not null
);

-- What the latest submission event says beyond the status: the evidence ids per material (JSON object), the
-- comment of a return, when it was returned, the correction deadline that follows, and how often the
-- instance has been returned (for the ledger).
alter table task_submission
    add column materials         text,
    add column comment           text,
    add column returned_at       timestamptz,
    add column correction_due_at timestamptz,
    add column returns           int not null default 0;

-- RETURNED alerts carry the bureau's comment; alerts of the correction ladder are marked.
alter table alert
    add column comment    text,
    add column correction boolean not null default false;
