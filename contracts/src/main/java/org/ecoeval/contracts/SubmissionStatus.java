package org.ecoeval.contracts;

/** Status of a submission (architecture.md). */
public enum SubmissionStatus { AWAITING_APPROVAL, SUBMITTED, ACCEPTED, RETURNED }
