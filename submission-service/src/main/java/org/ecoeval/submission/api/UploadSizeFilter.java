package org.ecoeval.submission.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.ecoeval.platform.problem.Problem;
import org.ecoeval.submission.domain.EvidenceService;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses an evidence upload whose declared length is already over the limit before a byte of its body is
 * read (413 problem+json). Uploads without a length are cut by the HTTP layer's body limit and, within it, by
 * the size check while the part is streamed into the store: in no case is a file held in memory.
 */
public class UploadSizeFilter {
    /** Room for the multipart framing (boundaries, part headers) around the file itself. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    @Inject
    EvidenceService evidence;

    @ServerRequestFilter(preMatching = true)
    public Response rejectOversizedUploads(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod()) || !request.getUriInfo().getPath().endsWith("/evidence")) {
            return null;
        }
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
        if (declared <= evidence.maxBytes() + MULTIPART_OVERHEAD) {
            return null;
        }
        Problem problem = EvidenceService.tooLarge(evidence.maxBytes()).problem()
                .atInstance(request.getUriInfo().getPath());
        return Response.status(413).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
