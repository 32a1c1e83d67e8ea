package org.ecoeval.contracts;

/** A management item the reviewing bureau scores in [−1, +1] when it accepts a task's evidence. */
public record ManagementItem(String code, String category, String name) {
}
