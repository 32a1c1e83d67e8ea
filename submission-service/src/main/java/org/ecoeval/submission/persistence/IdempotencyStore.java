package org.ecoeval.submission.persistence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.problem.Violation;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * {@code Idempotency-Key} handling. The key is claimed (one {@code insert … on conflict}) in the same
 * transaction as the operation and its stored answer, so a concurrent retry with the same key waits for the
 * first to commit and then replays its answer; if the first fails (rolls back) the retry runs afresh. Same
 * key with another body (or another endpoint) is 422. Keys are scoped per unit (per user for county-wide
 * roles) and kept for the configured retention (at least 24 h).
 */
@ApplicationScoped
public class IdempotencyStore {
    private static final Logger LOG = Logger.getLogger(IdempotencyStore.class);
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper mapper;

    /** The contract keeps keys at least 24 hours; a shorter setting is raised to that. */
    static final Duration MIN_RETENTION = Duration.ofHours(24);

    @ConfigProperty(name = "ecoeval.submission.idempotency.retention", defaultValue = "PT24H")
    Duration configuredRetention;

    Duration retention() {
        return configuredRetention.compareTo(MIN_RETENTION) < 0 ? MIN_RETENTION : configuredRetention;
    }

    /** The answer of an operation, as it is stored for replay. */
    public record Answer(int status, Object body, String location) {
    }

    /**
     * Runs {@code operation} once per (scope, key); without a key, simply runs it.
     *
     * @param method, path and body identify the request besides the key
     */
    public Response run(String scope, String key, String method, String path, Object body, Supplier<Answer> operation) {
        if (key == null) {
            return QuarkusTransaction.joiningExisting().call(() -> toResponse(operation.get()));
        }
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ProblemException.badRequest(HEADER, "format",
                    "the Idempotency-Key must be 1 to 200 visible ASCII characters");
        }
        String hash = hash(method, path, body);
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = Instant.now();
            // One statement claims the key: a new record, or an expired one taken over as if it were new. A live
            // record of a concurrent first request makes this wait for that request's commit, then claims nothing.
            int claimed = em.createNativeQuery("""
                    insert into idempotency_record (scope, idem_key, request_hash, created_at, expires_at)
                    values (:s, :k, :h, :now, :expires)
                    on conflict (scope, idem_key) do update set request_hash = excluded.request_hash,
                        created_at = excluded.created_at, expires_at = excluded.expires_at, response_status = null,
                        response_body = null, response_location = null
                    where idempotency_record.expires_at < :now
                    """).setParameter("s", scope).setParameter("k", key).setParameter("h", hash)
                    .setParameter("now", now).setParameter("expires", now.plus(retention())).executeUpdate();
            if (claimed == 0) {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = em.createNativeQuery("""
                        select request_hash, response_status, response_body, response_location
                        from idempotency_record where scope = :s and idem_key = :k
                        """).setParameter("s", scope).setParameter("k", key).getResultList();
                Object[] row = rows.get(0);
                if (!hash.equals(row[0])) {
                    throw ProblemException.invalid(List.of(new Violation(HEADER, "idempotency-key-reuse",
                            "this Idempotency-Key was used with a different request; use a new key")));
                }
                Response.ResponseBuilder replay = Response.status(((Number) row[1]).intValue())
                        .type(MediaType.APPLICATION_JSON).entity((String) row[2]).header(REPLAYED_HEADER, "true");
                if (row[3] != null) {
                    replay.header("Location", row[3]);
                }
                return replay.build();
            }
            Answer answer = operation.get();
            em.createNativeQuery("""
                    update idempotency_record set response_status = :st, response_body = :b, response_location = :l
                    where scope = :s and idem_key = :k
                    """).setParameter("st", answer.status()).setParameter("b", json(answer.body()))
                    .setParameter("l", answer.location()).setParameter("s", scope).setParameter("k", key)
                    .executeUpdate();
            return toResponse(answer);
        });
    }

    private Response toResponse(Answer answer) {
        Response.ResponseBuilder r = Response.status(answer.status()).type(MediaType.APPLICATION_JSON)
                .entity(answer.body());
        if (answer.location() != null) {
            r.header("Location", answer.location());
        }
        return r.build();
    }

    @Scheduled(every = "${ecoeval.submission.idempotency.purge-interval:1h}",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purge() {
        int gone = QuarkusTransaction.requiringNew().call(() -> em
                .createNativeQuery("delete from idempotency_record where expires_at < :now")
                .setParameter("now", Instant.now()).executeUpdate());
        if (gone > 0) {
            LOG.infof("purged %d expired idempotency records", gone);
        }
    }

    /** The service's mapper with map entries in key order, built once (a copy per request cost more than the hash). */
    private volatile ObjectMapper canonical;

    private ObjectMapper canonical() {
        ObjectMapper m = canonical;
        if (m == null) {
            m = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            canonical = m;
        }
        return m;
    }

    String hash(String method, String path, Object body) {
        try {
            String canonical = canonical().writeValueAsString(body);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object body) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
