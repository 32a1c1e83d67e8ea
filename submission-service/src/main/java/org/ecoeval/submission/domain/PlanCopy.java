package org.ecoeval.submission.domain;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** This service's copy of the latest plan version of one evaluation, as published on {@code eco.plans}. */
@Entity
@Table(name = "plan_copy")
public class PlanCopy extends PanacheEntityBase {
    @Id
    @Column(name = "evaluation_id")
    public String evaluationId;

    @Column(name = "county_code")
    public String countyCode;

    @Column(name = "plan_version")
    public int planVersion;

    @Column(name = "plan_json")
    public String planJson;

    @Column(name = "instances_json")
    public String instancesJson;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "received_at")
    public Instant receivedAt;
}
