package org.ecoeval.submission.domain;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An evidence file of one unit in one evaluation; the bytes are in the content store under {@code sha256}. */
@Entity
@Table(name = "evidence")
public class Evidence extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "evaluation_id")
    public String evaluationId;

    @Column(name = "county_code")
    public String countyCode;

    public String department;

    public String sha256;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(name = "content_type")
    public String contentType;

    public String filename;

    @Column(name = "uploaded_by")
    public String uploadedBy;

    @Column(name = "uploaded_at")
    public Instant uploadedAt;
}
