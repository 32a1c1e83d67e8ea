package org.ecoeval.platform.problem;

/**
 * One broken rule in a request: the field path ({@code values[2].value}), the rule's short name
 * ({@code range}) and a sentence for people.
 */
public record Violation(String field, String rule, String message) {
}
