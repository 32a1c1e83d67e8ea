package org.ecoeval.scoring.persistence;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.SubmissionStatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/** The counting inputs: the latest version of each submission with its status and content. */
@ApplicationScoped
public class SubmissionStore {
    private static final String COLUMNS = "submission_id, evaluation_id, department, task, version, status, "
            + "event_type, event_time, submitted_at, reviewed_at, last_event_id, content_json, late";

    /** What a submission carries, kept as one JSON document (content_json). */
    public record Content(List<IndicatorValue> values, List<Patch> patches, List<EnvironmentalEvent> events,
            Map<String, BigDecimal> managementScores) {
    }

    @Inject
    ObjectMapper mapper;
    /** Built once for every row a replay writes and a rebuild reads, instead of resolving the type per row. */
    private ObjectWriter contentWriter;
    private ObjectReader contentReader;

    @PostConstruct
    void contentJson() {
        contentWriter = mapper.writerFor(Content.class);
        contentReader = mapper.readerFor(Content.class);
    }

    public Optional<StoredSubmission> find(Connection c, String submissionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from submission where submission_id = ?")) {
            ps.setString(1, submissionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Where the given submissions stand, in one statement: the stale check of a whole batch. */
    public Map<String, SubmissionHead> heads(Connection c, Collection<String> submissionIds) throws SQLException {
        Map<String, SubmissionHead> out = new HashMap<>();
        if (submissionIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("select submission_id, evaluation_id, version, event_time, status "
                + "from submission where submission_id = any (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", submissionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new SubmissionHead(rs.getString(1), rs.getString(2), rs.getInt(3),
                            Sql.instant(rs, "event_time"), SubmissionStatus.valueOf(rs.getString(5))));
                }
            }
        }
        return out;
    }

    /**
     * Writes the submissions' new states: those never stored before by one COPY ({@link CopyRows}: most of a replay's
     * and of a county's year), the others by one upsert. {@code stored} names the submissions that were stored when
     * the batch read where they stand; a submission stored since by a batch of another evaluation (the same id under
     * two evaluations) fails the COPY, and with it the batch, which the consumer then applies record by record.
     */
    public void saveAll(Connection c, Collection<StoredSubmission> states, Set<String> stored) throws SQLException {
        CopyRows fresh = new CopyRows("submission", (COLUMNS + ", updated_at").split(", "));
        List<StoredSubmission> known = new ArrayList<>();
        Instant now = Instant.now();
        for (StoredSubmission s : states) {
            if (stored.contains(s.submissionId())) {
                known.add(s);
            } else {
                fresh.add(s.submissionId(), s.evaluationId(), s.department(), s.task(), s.version(), s.status().name(),
                        s.eventType(), s.eventTime(), s.submittedAt(), s.reviewedAt(), s.lastEventId(), content(s),
                        s.late(), now);
            }
        }
        fresh.copy(c);
        upsert(c, known, now);
    }

    /** Upserts the submissions' new states in one statement (one array per column: {@link ColumnArrays}). */
    private void upsert(Connection c, Collection<StoredSubmission> states, Instant now) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        ColumnArrays rows = new ColumnArrays("varchar[]", "varchar[]", "varchar[]", "varchar[]", "int[]", "varchar[]",
                "varchar[]", "timestamptz[]", "timestamptz[]", "timestamptz[]", "varchar[]", "text[]", "boolean[]");
        for (StoredSubmission s : states) {
            rows.add(s.submissionId(), s.evaluationId(), s.department(), s.task(), s.version(), s.status().name(),
                    s.eventType(), s.eventTime(), s.submittedAt(), s.reviewedAt(), s.lastEventId(),
                    content(s), s.late());
        }
        try (PreparedStatement ps = c.prepareStatement("insert into submission (" + COLUMNS + ", updated_at) "
                + "select *, ?::timestamptz from unnest(" + rows.placeholders() + ") "
                + "on conflict (submission_id) do update set "
                + "department = excluded.department, task = excluded.task, version = excluded.version, "
                + "status = excluded.status, event_type = excluded.event_type, event_time = excluded.event_time, "
                + "submitted_at = excluded.submitted_at, reviewed_at = excluded.reviewed_at, "
                + "last_event_id = excluded.last_event_id, content_json = excluded.content_json, late = excluded.late, "
                + "updated_at = excluded.updated_at "
                // never moves a submission to another evaluation: the batch's stale check refused that already
                + "where submission.evaluation_id = excluded.evaluation_id")) {
            Sql.setInstant(ps, 1, now);
            rows.bind(ps, 2);
            ps.executeUpdate();
        }
    }

    /** One page of an evaluation's stored submissions in submission id order, after {@code afterId} ("" first). */
    public List<StoredSubmission> page(Connection c, String evaluationId, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from submission where evaluation_id = ? "
                + "and submission_id > ? order by submission_id limit ?")) {
            ps.setString(1, evaluationId);
            ps.setString(2, afterId);
            ps.setInt(3, limit);
            List<StoredSubmission> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        }
    }

    /** Every stored submission of an evaluation, page by page. */
    public void forEach(Connection c, String evaluationId, Consumer<StoredSubmission> action) throws SQLException {
        String after = "";
        while (true) {
            List<StoredSubmission> page = page(c, evaluationId, after, 1000);
            if (page.isEmpty()) {
                return;
            }
            page.forEach(action);
            after = page.get(page.size() - 1).submissionId();
        }
    }

    public long count(Connection c, String evaluationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from submission where evaluation_id = ?")) {
            ps.setString(1, evaluationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private StoredSubmission read(ResultSet rs) throws SQLException {
        // the column's UTF-8 bytes as pgjdbc received them, not a String decoded only to be parsed: a rebuild reads
        // every stored row of its county, and the decoding was nearly half of what reading a row allocated
        Content content = parse(rs.getBytes("content_json"));
        return new StoredSubmission(rs.getString("submission_id"), rs.getString("evaluation_id"),
                rs.getString("department"), rs.getString("task"), rs.getInt("version"),
                SubmissionStatus.valueOf(rs.getString("status")), rs.getString("event_type"),
                Sql.instant(rs, "event_time"), Sql.instant(rs, "submitted_at"), Sql.instant(rs, "reviewed_at"),
                rs.getString("last_event_id"), orEmpty(content.values()), orEmpty(content.patches()),
                orEmpty(content.events()), content.managementScores() == null ? Map.of() : content.managementScores(),
                rs.getBoolean("late"));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private String content(StoredSubmission s) {
        try {
            return contentWriter.writeValueAsString(new Content(s.values(), s.patches(), s.events(),
                    s.managementScores()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write submission content as JSON", e);
        }
    }

    private Content parse(byte[] json) {
        try {
            return contentReader.readValue(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored submission content is not readable JSON", e);
        }
    }
}
