package org.ecoeval.infra;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every operation of an EcoEval OpenAPI document must say, for a vendor generating a client from it: an
 * operationId, the bearer security, a success answer, at least one 4xx, and problem+json on its error answers (except
 * 401, which has no body, and an answer documented with a JSON body of its own).
 */
public final class ApiDocumentRules {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private ApiDocumentRules() {
    }

    /** Every broken rule of the document (JSON), one line each; empty when it keeps them all. */
    public static List<String> gaps(String documentJson) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(documentJson);
        } catch (java.io.IOException e) {
            return List.of("the document is not JSON: " + e.getMessage());
        }
        List<String> gaps = new ArrayList<>();
        if (!doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText().equals("bearer")) {
            gaps.add("no bearer security scheme named 'bearer'");
        }
        if (!doc.path("servers").isArray() || doc.path("servers").isEmpty()) {
            gaps.add("no servers");
        }
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (String method : METHODS) {
                JsonNode operation = path.getValue().path(method);
                if (operation.isMissingNode()) {
                    continue;
                }
                String name = method.toUpperCase() + " " + path.getKey();
                if (operation.path("operationId").asText().isBlank()) {
                    gaps.add(name + ": no operationId");
                }
                if (!operation.path("security").toString().contains("\"bearer\"")) {
                    gaps.add(name + ": not secured by the bearer scheme");
                }
                JsonNode responses = operation.path("responses");
                boolean success = false;
                boolean clientError = false;
                Iterator<Map.Entry<String, JsonNode>> answers = responses.fields();
                while (answers.hasNext()) {
                    Map.Entry<String, JsonNode> answer = answers.next();
                    String status = answer.getKey();
                    success |= status.startsWith("2") || status.startsWith("3");
                    if (status.startsWith("4") || status.startsWith("5")) {
                        clientError |= status.startsWith("4");
                        JsonNode response = answer.getValue().has("$ref")
                                ? resolve(doc, answer.getValue().path("$ref").asText()) : answer.getValue();
                        boolean problem = response.path("content").path("application/problem+json").path("schema")
                                .path("$ref").asText().endsWith("/Problem");
                        // 401 has no body; an answer may carry its own JSON (an import refused for its conflicts)
                        boolean ownJson = response.path("content").path("application/json").has("schema");
                        if (!problem && !ownJson && !status.equals("401")) {
                            gaps.add(name + ": answer " + status + " is neither problem+json nor a JSON body of its own");
                        }
                    }
                }
                if (!success) {
                    gaps.add(name + ": no success answer");
                }
                if (!clientError) {
                    gaps.add(name + ": no 4xx answer");
                }
            }
        }
        return gaps;
    }

    private static JsonNode resolve(JsonNode doc, String ref) {
        JsonNode node = doc;
        for (String part : ref.replaceFirst("^#/", "").split("/")) {
            node = node.path(part);
        }
        return node;
    }
}
