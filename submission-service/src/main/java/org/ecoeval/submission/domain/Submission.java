package org.ecoeval.submission.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import org.ecoeval.contracts.SubmissionStatus;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One unit's submission for one task instance; its content lives in its versions. */
@Entity
@Table(name = "submission")
public class Submission extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "evaluation_id")
    public String evaluationId;

    @Column(name = "county_code")
    public String countyCode;

    public String department;

    @Column(name = "task_instance")
    public String taskInstance;

    @Enumerated(EnumType.STRING)
    public SubmissionStatus status;

    @Column(name = "current_version")
    public int currentVersion;

    /** Whether the first version arrived after the task instance's due time. */
    public boolean late;

    @Column(name = "created_at")
    public Instant createdAt;

    /** When the current version was submitted. */
    @Column(name = "submitted_at")
    public Instant submittedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The management item scores of the acceptance (JSON object), null before. */
    @Column(name = "management_scores_json")
    public String managementScoresJson;

    @Version
    @Column(name = "row_version")
    public long rowVersion;
}
