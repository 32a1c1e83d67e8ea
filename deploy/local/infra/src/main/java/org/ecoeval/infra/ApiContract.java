package org.ecoeval.infra;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

/**
 * Every REST-assured request of a service test, and the answer to it, is checked against the OpenAPI document that
 * the service under test serves at {@code /q/openapi} (fetched once per port), so that the document cannot drift
 * from the code: an undocumented path, method, status, header, content type or body shape fails the test.
 * {@link #install()} puts it among REST-assured's global filters ({@link EcoEvalInfraTestResource} does, once per
 * test JVM). Requests to {@code /q/...} (health, metrics, the document itself) are not part of the API.
 *
 * <p>A test that sends hostile input on purpose marks the request with {@code .filter(ApiContract.HOSTILE_REQUEST)}:
 * its request is not held to the document (that is the point of it), its answer still is. A request without a token
 * is not an error of the request either: the document's 401 is what such a test checks. A multipart body is not
 * read by the validator (its path, parameters and answer are checked, its parts are not).
 */
public final class ApiContract implements OrderedFilter {
    /** Marks a request that breaks the document on purpose; the answer is still checked. */
    public static final Filter HOSTILE_REQUEST = new OrderedFilter() {
        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            return context.next(request, response);
        }

        @Override
        public int getOrder() {
            return OrderedFilter.HIGHEST_PRECEDENCE;
        }
    };

    private static final ApiContract INSTANCE = new ApiContract();
    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();

    private ApiContract() {
    }

    /** Adds the check to REST-assured's global filters, once. */
    public static synchronized void install() {
        if (!RestAssured.filters().contains(INSTANCE)) {
            RestAssured.filters(INSTANCE);
        }
    }

    public static boolean installed() {
        return RestAssured.filters().contains(INSTANCE);
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        URI uri = URI.create(request.getURI());
        if (uri.getPath().startsWith("/q/")) {
            return context.next(request, response);
        }
        OpenApiInteractionValidator validator = validatorFor(uri);
        Request sent = RestAssuredRequest.of(request);
        boolean hostile = request.getDefinedFilters().contains(HOSTILE_REQUEST);
        if (!hostile) {
            ValidationReport report = validator.validateRequest(sent);
            if (!request.getMultiPartParams().isEmpty()) {
                // the validator reads no multipart body (it sees none): its parts are the service's to judge
                report = ValidationReport.from(report.getMessages().stream()
                        .filter(m -> !m.getKey().equals("validation.request.body.missing")).toList());
            }
            fail("request", request, report);
        }
        Response answer = context.next(request, response);
        fail("answer " + answer.statusCode(), request,
                validator.validateResponse(sent.getPath(), sent.getMethod(), RestAssuredResponse.of(answer)));
        return answer;
    }

    /**
     * The same check of the answer for a request a test sends without REST-assured (a multipart body written byte by
     * byte with the JDK's HTTP client, a streamed download): its status, headers and body against the document.
     */
    public static void checkAnswer(java.net.http.HttpResponse<?> answer) {
        URI uri = answer.request().uri();
        if (uri.getPath().startsWith("/q/")) {
            return;
        }
        SimpleResponse.Builder response = new SimpleResponse.Builder(answer.statusCode());
        answer.headers().map().forEach(response::withHeader);
        Object body = answer.body();
        if (body instanceof String text) {
            response.withBody(text);
        } else if (body instanceof byte[] bytes) {
            response.withBody(bytes);
        }
        Request.Method method = Request.Method.valueOf(answer.request().method());
        ValidationReport report = INSTANCE.validatorFor(uri).validateResponse(uri.getPath(), method,
                response.build());
        if (report.hasErrors()) {
            throw new AssertionError("The answer " + answer.statusCode() + " of " + method + " " + uri
                    + " breaks the service's OpenAPI document (/q/openapi):\n" + errors(report));
        }
    }

    private static String errors(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  - " + m.getKey() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
    }

    private static void fail(String what, FilterableRequestSpecification request, ValidationReport report) {
        if (report.hasErrors()) {
            throw new AssertionError("The " + what + " of " + request.getMethod() + " " + request.getURI()
                    + " breaks the service's OpenAPI document (/q/openapi):\n" + errors(report));
        }
    }

    private OpenApiInteractionValidator validatorFor(URI uri) {
        String origin = uri.getScheme() + "://" + uri.getAuthority();
        return validators.computeIfAbsent(origin, o -> OpenApiInteractionValidator
                .createForSpecificationUrl(o + "/q/openapi?format=json")
                .withBasePathOverride("/")
                .withLevelResolver(LevelResolver.create()
                        // a test of 401 sends no token on purpose; the answer's 401 is checked
                        .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                        .build())
                .build());
    }

    /** After the tests' own filters (which may add headers), just before the request goes out. */
    @Override
    public int getOrder() {
        return OrderedFilter.LOWEST_PRECEDENCE;
    }
}
