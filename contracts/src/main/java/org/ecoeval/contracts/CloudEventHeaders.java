package org.ecoeval.contracts;

/** CloudEvents Kafka binary-mode headers carried by every record (architecture.md). */
public final class CloudEventHeaders {
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";

    private CloudEventHeaders() {
    }
}
