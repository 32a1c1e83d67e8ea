package org.ecoeval.tracking.dashboard;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Chooses the OIDC tenant of a request. People sign in to the dashboard with the authorization code flow (tenant
 * {@value #TENANT}, {@code hybrid}: a bearer token works there too); everything else stays on the default
 * {@code service} tenant, so a request to {@code /api/v1} without a token is still 401, never a redirect to a login
 * page. One exception lets the page read the contract endpoints themselves (status with ETag, alerts): a GET under
 * {@code /api/} that carries the dashboard's session cookie and no Authorization header is authenticated by that
 * session. Only reads: the session cookie never authorises a change. Every other request is answered with the default
 * tenant explicitly, because Quarkus would otherwise pick a tenant from any {@code q_session_<tenant>} cookie it sees.
 */
@ApplicationScoped
public class DashboardTenantResolver implements TenantResolver {
    public static final String TENANT = "dashboard";
    /** The id under which Quarkus keeps the tenant configured by {@code quarkus.oidc.*}. */
    static final String DEFAULT_TENANT = "Default";
    /** Quarkus names the session cookie of a named tenant {@code q_session_<tenant>} (with {@code _chunk_n} when split). */
    static final String SESSION_COOKIE = "q_session_" + TENANT;

    @Override
    public String resolve(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.equals("/dashboard") || path.startsWith("/dashboard/")) {
            return TENANT;
        }
        if (path.startsWith("/api/") && isRead(context.request().method())
                && context.request().getHeader("Authorization") == null && hasSession(context)) {
            return TENANT;
        }
        return DEFAULT_TENANT;
    }

    private static boolean isRead(HttpMethod method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }

    private static boolean hasSession(RoutingContext context) {
        return context.request().cookies().stream().anyMatch(c -> c.getName().startsWith(SESSION_COOKIE));
    }
}
