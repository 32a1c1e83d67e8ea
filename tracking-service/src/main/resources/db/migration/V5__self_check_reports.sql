-- Issue 12: the self-check report (自查报告), its sign-off by the Banner leaders, the frozen data package.

-- One row per generated version. snapshot holds everything gathered at generation as of as_of (plan, both
-- readings of the score, the submissions and their evidence as they stood, the alerts), as JSON text, so the
-- documents and the package are made from it alone and come out the same however often they are made.
create table report_version (
    evaluation_id   text        not null,
    version         int         not null,
    state           text        not null,
    as_of           timestamptz not null,
    created_at      timestamptz not null,
    created_by      text        not null,
    snapshot        text        not null,
    signed_by       text,
    signed_at       timestamptz,
    sent_on         date,
    sent_reference  text,
    package_file    text,
    package_sha256  text,
    package_size    bigint,
    primary key (evaluation_id, version)
);

-- Every step of a version: who did what, when, with which comment, and the state it left.
create table report_step (
    id              bigserial   primary key,
    evaluation_id   text        not null,
    version         int         not null,
    action          text        not null,
    state_after     text        not null,
    actor           text        not null,
    role            text        not null,
    at              timestamptz not null,
    comment         text,
    foreign key (evaluation_id, version) references report_version (evaluation_id, version)
);
create index report_step_of_version on report_step (evaluation_id, version, id);
