package org.ecoeval.platform.problem;

import java.util.List;

/** Thrown by resources and domain services to answer with a problem+json. */
public class ProblemException extends RuntimeException {
    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 422: the request is well-formed but breaks the listed rules. */
    public static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(Problem.of(422, "validation", "The request breaks validation rules",
                violations.size() + " rule(s) broken; see violations").withViolations(violations));
    }

    public static ProblemException invalid(String field, String rule, String message) {
        return invalid(List.of(new Violation(field, rule, message)));
    }

    /** 404: the thing does not exist, or exists out of the caller's sight (never revealed). */
    public static ProblemException notFound(String what) {
        return new ProblemException(Problem.of(404, "not-found", "Not found", what + " not found"));
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Problem.of(409, slug, "Conflict with the current state", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "forbidden", "Forbidden", detail));
    }

    public static ProblemException badRequest(String field, String rule, String message) {
        return new ProblemException(Problem.of(400, "bad-request", "Bad request", message)
                .withViolations(List.of(new Violation(field, rule, message))));
    }
}
