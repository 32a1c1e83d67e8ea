package org.ecoeval.submission.domain;

/** Who acts on a submission: the token's subject, the role it acts in, and its unit (null for county roles). */
public record Actor(String name, String role, String unit) {
}
