package org.ecoeval.platform.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.ecoeval.contracts.EvaluationId;
import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is calling, from the bearer token: roles ({@code groups}), unit ({@code department}) and county
 * ({@code county}) claims. It holds the visibility rules of architecture.md so that no resource has to
 * re-derive them: a resource of another county or unit is never revealed (404, not 403).
 */
@RequestScoped
public class Caller {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    public String name() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    public boolean is(String role) {
        return identity.hasRole(role);
    }

    public boolean isAdmin() {
        return is(Roles.ADMIN);
    }

    /** Only {@code department} and {@code unit-head} see their unit's things alone. */
    public boolean isUnitScoped() {
        return !isAdmin() && !is(Roles.BUREAU) && !is(Roles.SUPERVISOR)
                && (is(Roles.DEPARTMENT) || is(Roles.UNIT_HEAD));
    }

    public Optional<String> department() {
        return claim(Roles.DEPARTMENT_CLAIM);
    }

    public Optional<String> county() {
        return claim(Roles.COUNTY_CLAIM);
    }

    /** An admin without a county claim is provincial and sees every county. */
    public boolean seesCounty(String countyCode) {
        if (isAdmin() && county().isEmpty()) {
            return true;
        }
        return county().map(countyCode::equals).orElse(false);
    }

    public boolean seesEvaluation(String evaluationId) {
        return EvaluationId.isWellFormed(evaluationId) && seesCounty(EvaluationId.parse(evaluationId).countyCode());
    }

    /** A unit-scoped caller sees only its own unit; everyone else every unit of a county they see. */
    public boolean seesDepartment(String departmentCode) {
        return !isUnitScoped() || department().map(departmentCode::equals).orElse(false);
    }

    /** 404 unless the caller may see this evaluation at all. */
    public void requireEvaluation(String evaluationId, String what) {
        if (!seesEvaluation(evaluationId)) {
            throw ProblemException.notFound(what);
        }
    }

    /** The caller's unit, for roles that act for one; 403 when the token carries none. */
    public String requireDepartment() {
        return department().orElseThrow(() -> ProblemException.forbidden(
                "the token carries no 'department' claim; a department system acts for one unit"));
    }

    public Set<String> roles() {
        return identity.getRoles();
    }

    private Optional<String> claim(String name) {
        if (identity.isAnonymous() || token == null || token.getRawToken() == null) {
            return Optional.empty();
        }
        Object value = token.getClaim(name);
        if (value == null) {
            return Optional.empty();
        }
        String text = value instanceof jakarta.json.JsonString js ? js.getString() : value.toString();
        return text.isBlank() ? Optional.empty() : Optional.of(text);
    }
}
