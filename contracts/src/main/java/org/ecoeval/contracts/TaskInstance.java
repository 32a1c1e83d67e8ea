package org.ecoeval.contracts;

import java.time.Instant;

/**
 * One dated occurrence of a plan task, as expanded by tracking-service (which owns the deadline
 * calendar) and published with the plan: {@code FIN-INVEST}, or {@code GOV-MINUTES#Q2} for a recurring
 * task. Other services take due times from here instead of computing them again.
 */
public record TaskInstance(String id, String taskId, String department, String title, Instant dueAt) {
}
