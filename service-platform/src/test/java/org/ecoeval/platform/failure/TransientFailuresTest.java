package org.ecoeval.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void a_refused_or_lost_database_connection_passes() {
        assertThat(TransientFailures.isTransient(new SQLException("Connection to 127.0.0.1:5432 refused", "08001")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("An I/O error occurred", "08006"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("the database system is starting up", "57P03")))
                .isTrue();
    }

    @Test
    void conflicts_between_transactions_pass() {
        assertThat(TransientFailures.isTransient(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("too many clients already", "53300"))).isTrue();
    }

    @Test
    void a_pool_that_cannot_hand_out_a_connection_in_time_passes() {
        assertThat(TransientFailures.isTransient(new SQLException("Sorry, acquisition timeout!"))).isTrue();
    }

    @Test
    void the_cause_deep_in_a_wrapped_failure_decides() {
        Exception wrapped = new IllegalStateException("cannot apply submission event e-1",
                new RuntimeException("JDBC", new SQLException("refused", "08001", new ConnectException("refused"))));
        assertThat(TransientFailures.isTransient(wrapped)).isTrue();
        SQLException batch = new SQLException("batch entry 0 failed", "22021");
        batch.setNextException(new SQLException("connection lost", "08006"));
        assertThat(TransientFailures.isTransient(batch)).isTrue();
    }

    @Test
    void a_commit_cut_off_as_the_database_stops_passes_though_its_reason_is_only_suppressed() {
        // as Narayana reports it: RollbackException ← (suppressed) XAException ← PSQLException 57P01
        javax.transaction.xa.XAException xa = new javax.transaction.xa.XAException(
                "Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        IllegalStateException rollback = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertThat(TransientFailures.isTransient(new RuntimeException("wrapped", rollback))).isTrue();
        IllegalStateException other = new IllegalStateException("could not commit");
        other.addSuppressed(new SQLException("invalid byte sequence", "22021"));
        assertThat(TransientFailures.isTransient(other)).isFalse();
    }

    @Test
    void a_record_the_database_refuses_for_its_content_never_passes() {
        assertThat(TransientFailures.isTransient(new SQLException("invalid byte sequence: 0x00", "22021"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state at all"))).isFalse();
    }

    @Test
    void bugs_and_broken_records_never_pass() {
        assertThat(TransientFailures.isTransient(new NullPointerException())).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("a submission event needs eventId")))
                .isFalse();
    }

    @Test
    void kafka_and_hibernate_failures_are_recognised_by_their_class_names() {
        assertThat(TransientFailures.isTransient(new org.apache.kafka.common.errors.RetriableException("x") {
        })).isTrue();
    }

    @Test
    void a_cause_cycle_does_not_loop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(TransientFailures.isTransient(a)).isFalse();
    }
}
