package org.ecoeval.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Every problem+json answer of the three services in Chinese when the caller prefers it (ProblemTranslation). */
public class ProblemLanguageFilter {

    @ServerResponseFilter
    public void translate(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem)) {
            return;
        }
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
        if (ProblemTranslation.prefersChinese(request.getAcceptableLanguages())) {
            response.setEntity(ProblemTranslation.toChinese(problem), null, response.getMediaType());
            response.getHeaders().putSingle(HttpHeaders.CONTENT_LANGUAGE, "zh-CN");
        }
    }
}
