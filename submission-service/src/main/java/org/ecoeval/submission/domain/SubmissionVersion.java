package org.ecoeval.submission.domain;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One version of a submission: its content (values, patches, events, evidence, note) as JSON. */
@Entity
@Table(name = "submission_version")
@IdClass(SubmissionVersion.Key.class)
public class SubmissionVersion extends PanacheEntityBase {
    @Id
    @Column(name = "submission_id")
    public UUID submissionId;

    @Id
    public int version;

    @Column(name = "content_json")
    public String contentJson;

    @Column(name = "submitted_by")
    public String submittedBy;

    @Column(name = "submitted_at")
    public Instant submittedAt;

    public boolean late;

    public static class Key implements Serializable {
        public UUID submissionId;
        public int version;

        public Key() {
        }

        public Key(UUID submissionId, int version) {
            this.submissionId = submissionId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(submissionId, k.submissionId) && version == k.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(submissionId, version);
        }
    }
}
