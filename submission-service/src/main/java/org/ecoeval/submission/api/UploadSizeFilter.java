package org.ecoeval.submission.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.ecoeval.platform.problem.Problem;
import org.ecoeval.submission.domain.EvidenceService;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * Refuses a request whose declared length is already over its limit before a byte of its body is read (413
 * problem+json): an evidence upload over the evidence limit, a spreadsheet import over the import limit, any other (JSON) body over
 * {@code ecoeval.submission.max-json-size}, since JSON bodies are read into memory. Uploads without a length
 * are cut by the HTTP layer's body limit and, within it, by the size check while the part is streamed into
 * the store: in no case is a file held in memory.
 */
public class UploadSizeFilter {
    /** Room for the multipart framing (boundaries, part headers) around the file itself. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    @Inject
    EvidenceService evidence;

    @ConfigProperty(name = "ecoeval.submission.max-json-size", defaultValue = "1M")
    MemorySize maxJsonSize;

    @ConfigProperty(name = "ecoeval.submission.import.max-size", defaultValue = "10M")
    MemorySize maxImportSize;

    @ServerRequestFilter(preMatching = true)
    public Response rejectOversizedBodies(ContainerRequestContext request) {
        boolean upload = "POST".equals(request.getMethod()) && request.getUriInfo().getPath().endsWith("/evidence");
        boolean sheet = "POST".equals(request.getMethod()) && request.getUriInfo().getPath().endsWith("/imports");
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        Problem problem;
        if (sheet) {
            if (declared <= maxImportSize.asLongValue() + MULTIPART_OVERHEAD) {
                return null;
            }
            problem = Problem.of(413, "file-too-large", "File too large",
                    "an import file may have at most " + maxImportSize.asLongValue() + " bytes")
                    .withViolations(java.util.List.of(new org.ecoeval.platform.problem.Violation("file", "max-size",
                            "the file is larger than " + maxImportSize.asLongValue() + " bytes")));
        } else if (upload) {
            if (declared <= evidence.maxBytes() + MULTIPART_OVERHEAD) {
                return null;
            }
            problem = EvidenceService.tooLarge(evidence.maxBytes()).problem();
        } else {
            if (declared <= maxJsonSize.asLongValue()) {
                return null;
            }
            problem = Problem.of(413, "body-too-large", "Body too large",
                    "a request body may have at most " + maxJsonSize.asLongValue() + " bytes")
                    .withViolations(java.util.List.of(new org.ecoeval.platform.problem.Violation("$", "max-size",
                            "the body is larger than " + maxJsonSize.asLongValue() + " bytes")));
        }
        problem = problem.atInstance(request.getUriInfo().getPath());
        return Response.status(413).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
