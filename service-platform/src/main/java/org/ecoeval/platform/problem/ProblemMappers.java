package org.ecoeval.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.ecoeval.platform.failure.TransientFailures;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error leaves a service as application/problem+json; nothing internal is revealed on 5xx. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How long a client should wait before retrying a request refused while a store is unreachable. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    /** A role that may not call the operation (@RolesAllowed): 403 problem+json like every other refusal. */
    @ServerExceptionMapper
    public Response roleRefused(io.quarkus.security.ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "the caller's roles may not do this"), uri);
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Violation(fieldOf(v.getPropertyPath().toString()),
                        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName(), v.getMessage()))
                .collect(Collectors.toList());
        return respond(ProblemException.invalid(violations).problem(), uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(unreadable(e), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // A JSON body that Jackson could not read arrives wrapped by the REST layer.
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return respond(unreadable(json), uri);
        }
        int status = e.getResponse().getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        return respond(Problem.of(status, slug(title), title, e.getMessage()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            return unavailable(e, uri);
        }
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(Problem.of(500, "internal", "Internal error",
                "The request could not be completed; nothing was changed by it. The error is logged."), uri);
    }

    /**
     * The database or the broker is unreachable for a moment: 503 with Retry-After, so that a client's retry (with
     * its Idempotency-Key) comes back later instead of treating the request as failed for good.
     */
    static Response unavailable(Throwable e, UriInfo uri) {
        LOG.warnf("%s answered 503: a store this service needs is unavailable (%s)", uri == null ? "request"
                : uri.getPath(), rootMessage(e));
        Problem problem = Problem.of(503, "unavailable", "Service temporarily unavailable",
                "A database or broker this service needs cannot be reached right now; nothing was changed by this "
                        + "request. Retry after " + RETRY_AFTER_SECONDS + " seconds.");
        Problem withInstance = uri == null ? problem : problem.atInstance(uri.getPath());
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(withInstance).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    static Problem unreadable(JsonProcessingException e) {
        String field = "$";
        String rule = "json";
        String message = "the body is not valid JSON";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = path(mapping.getPath());
            if (e instanceof UnrecognizedPropertyException unknown) {
                rule = "unknown-field";
                message = "unknown field '" + unknown.getPropertyName() + "'";
            } else if (e instanceof InvalidFormatException format) {
                rule = "type";
                message = "cannot read " + describe(format.getValue()) + " as "
                        + simpleType(format.getTargetType());
            } else if (e instanceof MismatchedInputException mismatch) {
                rule = "type";
                message = "expected " + simpleType(mismatch.getTargetType());
            } else {
                rule = "type";
                message = "value cannot be read";
            }
        }
        return Problem.of(400, "unreadable-body", "The body cannot be read", message)
                .withViolations(List.of(new Violation(field, rule, message)));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder();
        for (var ref : refs) {
            if (ref.getFieldName() != null) {
                if (s.length() > 0) {
                    s.append('.');
                }
                s.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                s.append('[').append(ref.getIndex()).append(']');
            }
        }
        return s.length() == 0 ? "$" : s.toString();
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "'";
    }

    private static String simpleType(Class<?> type) {
        if (type == null) {
            return "the expected type";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(c.toString());
            }
            return "one of " + names;
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type == String.class ? "a string" : "an object";
    }

    /** A method-parameter path like {@code register.plan.tasks[0].id} becomes {@code tasks[0].id}. */
    static String fieldOf(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1];
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }

    static Response respond(Problem problem, UriInfo uri) {
        Problem withInstance = uri == null ? problem : problem.atInstance(uri.getPath());
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(withInstance).build();
    }
}
