package org.ecoeval.platform.problem;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.DecoderException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A body that the HTTP layer cannot even decode (a truncated or malformed multipart/form-data upload fails
 * in Vert.x before any resource or exception mapper runs) is the client's fault: 400 problem+json naming the
 * body, not the framework's default 500.
 */
@ApplicationScoped
public class BodyDecodingFailures {
    private static final Logger LOG = Logger.getLogger(BodyDecodingFailures.class);

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        if (!isBodyDecodingFailure(context.failure()) || context.response().headWritten()) {
            context.next();
            return;
        }
        LOG.debugf("unreadable body on %s: %s", context.request().path(), context.failure());
        String message = "the request body cannot be decoded as " + contentType(context);
        Problem problem = Problem.of(400, "unreadable-body", "The body cannot be read", message)
                .withViolations(List.of(new Violation("$", "encoding", message)))
                .atInstance(context.request().path());
        try {
            context.response().setStatusCode(400).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.next();
        }
    }

    /**
     * Netty's decoders, and the REST layer's multipart parser (a malformed part, or a body that ends before
     * its closing boundary: "Connection terminated parsing multipart request").
     */
    static boolean isBodyDecodingFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DecoderException || t.getClass().getName().endsWith("MalformedMessageException")) {
                return true;
            }
            StackTraceElement[] stack = t.getStackTrace();
            if (t instanceof java.io.IOException && stack.length > 0
                    && stack[0].getClassName().startsWith(MULTIPART_PARSER)
                    && String.valueOf(t.getMessage()).contains("multipart")) {
                return true;
            }
        }
        return false;
    }

    private static final String MULTIPART_PARSER = "org.jboss.resteasy.reactive.server.core.multipart.";

    private static String contentType(RoutingContext context) {
        String type = context.request().getHeader("Content-Type");
        return type == null ? "its declared type" : type.split(";")[0].strip();
    }
}
