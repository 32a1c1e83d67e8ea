package org.ecoeval.submission.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.ecoeval.contracts.SubmissionStatus;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** Who did what to a submission, and when. */
@Entity
@Table(name = "submission_history")
public class HistoryEntry extends PanacheEntityBase {

    public enum Action { SUBMITTED, REVISED, APPROVED, REJECTED_BY_HEAD, ACCEPTED, RETURNED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "submission_id")
    public UUID submissionId;

    public int version;

    @Enumerated(EnumType.STRING)
    public Action action;

    public String actor;

    @Column(name = "actor_role")
    public String actorRole;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_after")
    public SubmissionStatus statusAfter;

    public String comment;

    @Column(name = "management_scores_json")
    public String managementScoresJson;

    public Instant at;
}
