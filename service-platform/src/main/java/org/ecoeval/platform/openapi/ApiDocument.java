package org.ecoeval.platform.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import org.ecoeval.platform.problem.Problem;

/**
 * What the OpenAPI document of every EcoEval service says the same way (registered by {@code mp.openapi.filter}):
 * the RFC 9457 problem schema with the project's {@code violations} extension, the answers every operation can give
 * (401 without a valid token, 403 for a role or unit that may not, 500, 503 with Retry-After while a store is
 * unreachable), 400 and 415 for every operation that reads a body, problem+json on every error answer an operation
 * declares, and the 2024 Hexigten Banner evaluation as the example of every {@code evaluationId}. The operations
 * themselves declare their own answers (201, 404, 409, 412, 413, 422 ...) where they are written.
 */
public class ApiDocument implements OASFilter {
    public static final String PROBLEM_SCHEMA = "Problem";
    public static final String VIOLATION_SCHEMA = "Violation";
    /** The evaluation of the examples: Hexigten Banner (克什克腾旗, code 150425), 2024. */
    public static final String EXAMPLE_EVALUATION = "150425-2024";

    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM_SCHEMA;
    private static final String RESPONSES = "#/components/responses/";

    /** Shared answers, by status: name in components.responses. */
    private static final Map<String, String> SHARED = Map.of(
            "401", "Unauthenticated",
            "403", "Forbidden",
            "500", "InternalError",
            "503", "Unavailable");

    @Override
    public void filterOpenAPI(OpenAPI api) {
        Components components = api.getComponents() == null ? OASFactory.createComponents() : api.getComponents();
        api.setComponents(components);
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(ApiDocument::nullsWhereJacksonWritesThem);
        }
        components.addSchema(VIOLATION_SCHEMA, violationSchema());
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        components.addResponse("Unauthenticated", OASFactory.createAPIResponse()
                .description("No bearer token, or one that is expired, not signed by the OIDC provider or not meant "
                        + "for this API (audience): the answer has no body")
                .addHeader("WWW-Authenticate", header("Bearer", "the scheme to authenticate with")));
        components.addResponse("Forbidden", problemResponse("The caller's role may not do this, or the token "
                + "names no unit where the operation acts for one", example(403, "forbidden", "Forbidden",
                        "the token names no department (unit) for this role", null)));
        components.addResponse("InternalError", problemResponse("An unexpected failure; nothing was changed by the "
                + "request and nothing internal is revealed", example(500, "internal", "Internal error",
                        "The request could not be completed; nothing was changed by it. The error is logged.",
                        null)));
        components.addResponse("Unavailable", problemResponse("A database or broker the service needs cannot be "
                + "reached right now; nothing was changed. Retry after the seconds of Retry-After (with the same "
                + "Idempotency-Key for a write)", example(503, "unavailable", "Service temporarily unavailable",
                        "A database or broker this service needs cannot be reached right now; nothing was changed "
                                + "by this request. Retry after 5 seconds.", null))
                .addHeader("Retry-After", header("5", "seconds to wait before retrying")));
        if (api.getPaths() == null || api.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : api.getPaths().getPathItems().values()) {
            if (item.getOperations() == null) {
                continue;
            }
            for (Operation operation : item.getOperations().values()) {
                describe(operation);
            }
        }
    }

    private static void describe(Operation operation) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        if (operation.getRequestBody() != null) {
            String unreadable = "The body cannot be read (not JSON, a wrong type, an unknown field): the violation "
                    + "names the field";
            if (!responses.hasAPIResponse("400")) {
                responses.addAPIResponse("400", OASFactory.createAPIResponse().description(unreadable));
            } else if ("Bad Request".equals(responses.getAPIResponse("400").getDescription())) {
                responses.getAPIResponse("400").setDescription(unreadable);
            }
            if (!responses.hasAPIResponse("415")) {
                responses.addAPIResponse("415", OASFactory.createAPIResponse()
                        .description("The body is not of a media type this operation reads"));
            }
        }
        for (Map.Entry<String, String> shared : SHARED.entrySet()) {
            responses.addAPIResponse(shared.getKey(), OASFactory.createAPIResponse().ref(RESPONSES + shared.getValue()));
        }
        if (responses.getAPIResponses() != null) {
            responses.getAPIResponses().forEach((status, response) -> {
                if (isError(status) && response.getRef() == null
                        && (response.getContent() == null || response.getContent().getMediaTypes() == null
                                || response.getContent().getMediaTypes().isEmpty())) {
                    response.setContent(problemContent(null));
                }
            });
        }
        if (operation.getParameters() != null) {
            for (Parameter p : operation.getParameters()) {
                if ("evaluationId".equals(p.getName()) && p.getIn() == Parameter.In.PATH && p.getExample() == null) {
                    p.setDescription(p.getDescription() != null ? p.getDescription()
                            : "{6-digit county code}-{year}: the county's evaluation of that year");
                    p.setExample(EXAMPLE_EVALUATION);
                }
            }
        }
    }

    /**
     * The services write a field without a value as JSON null (records, Jackson's default): so every property that is
     * not required may be null, and so may a value of a shared schema (Instant, LocalDate, an enum, an object) wherever
     * it is referenced (OpenAPI 3.0 has no null beside a $ref). Finer, per field, is left for later. The document says so, so that a generated client reads those answers and the tests' validator
     * holds them to it.
     */
    private static void nullsWhereJacksonWritesThem(Schema schema) {
        if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
            if (schema.getRef() == null && schema.getType() != null && !schema.getType().contains(Schema.SchemaType.OBJECT)
                    && !schema.getType().contains(Schema.SchemaType.ARRAY)) {
                nullable(schema);
            }
            return;
        }
        // an object referenced as a field (a score's technical part before any value) is null when it has none
        nullable(schema);
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        schema.getProperties().forEach((name, property) -> {
            if (required.contains(name) || property.getRef() != null) {
                return;
            }
            nullable(property);
            if (property.getProperties() != null) {
                nullsWhereJacksonWritesThem(property);
            }
        });
    }

    private static void nullable(Schema schema) {
        if (schema.getType() != null && !schema.getType().contains(Schema.SchemaType.NULL)) {
            schema.addType(Schema.SchemaType.NULL);
            if (schema.getEnumeration() != null && !schema.getEnumeration().contains(null)) {
                schema.addEnumeration(null);
            }
        }
    }

    private static boolean isError(String status) {
        return status.length() == 3 && (status.charAt(0) == '4' || status.charAt(0) == '5');
    }

    private static APIResponse problemResponse(String description, Object example) {
        return OASFactory.createAPIResponse().description(description).content(problemContent(example));
    }

    /** The content of an error answer: always application/problem+json, whatever the request accepted. */
    public static Content problemContent(Object example) {
        MediaType type = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        if (example != null) {
            type.setExample(example);
        }
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, type);
    }

    /** An example problem as the services write it. */
    public static Map<String, Object> example(int status, String slug, String title, String detail,
            List<Map<String, String>> violations) {
        Map<String, Object> problem = new java.util.LinkedHashMap<>();
        problem.put("type", "https://ecoeval.org/problems/" + slug);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", "/api/v1/evaluations/" + EXAMPLE_EVALUATION + "/submissions");
        if (violations != null) {
            problem.put("violations", violations);
        }
        return problem;
    }

    private static Header header(String example, String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)).example(example);
    }

    private static Schema violationSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("One broken rule: the field's path, the rule's short name and a sentence for people")
                .addProperty("field", string("The field's path in the request, e.g. values[2].value, or $ for "
                        + "the whole body", "values[0].value"))
                .addProperty("rule", string("The rule's short name, e.g. range, required, own-unit, deadline",
                        "range"))
                .addProperty("message", string("What is wrong, for people (Chinese when Accept-Language prefers "
                        + "zh)", "EQI.PATTERN must be between 0 and 100"))
                .required(List.of("field", "rule", "message"));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details. Every error of an EcoEval service has this shape; "
                        + "'violations' lists every broken rule of a refused request at once.")
                .addProperty("type", string("A URI naming the kind of problem", "https://ecoeval.org/problems/validation")
                        .format("uri"))
                .addProperty("title", string("A short summary of the kind of problem",
                        "The request breaks validation rules"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status of this answer").example(422))
                .addProperty("detail", string("What went wrong with this request", "1 rule broken"))
                .addProperty("instance", string("The path of the request that failed",
                        "/api/v1/evaluations/" + EXAMPLE_EVALUATION + "/submissions"))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .description("Every broken rule (EcoEval extension)")
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + VIOLATION_SCHEMA)))
                .required(List.of("type", "title", "status"));
    }

    private static Schema string(String description, String example) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description).example(example);
    }
}
