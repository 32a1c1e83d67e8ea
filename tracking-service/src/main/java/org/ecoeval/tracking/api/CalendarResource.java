package org.ecoeval.tracking.api;

import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.ecoeval.contracts.Roles;
import org.ecoeval.platform.problem.ProblemException;
import org.ecoeval.platform.security.Caller;
import org.ecoeval.tracking.domain.WorkingCalendar;
import org.ecoeval.tracking.domain.WorkingCalendars;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The working calendar by year: every role reads it, an administrator loads a year's notice. */
@Path("/api/v1/calendar/{year}")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarResource {

    @Inject
    WorkingCalendars calendars;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({ Roles.DEPARTMENT, Roles.UNIT_HEAD, Roles.BUREAU, Roles.SUPERVISOR, Roles.ADMIN, "leader" })
    @Operation(operationId = "getCalendarYear", summary = "A year of the working calendar: {year, source, holidays: [{date, name}], workdays: [...]}; "
            + "404 for a year not held")
    @APIResponse(responseCode = "200", description = "The year")
    @APIResponse(responseCode = "404", description = "The year is not held")
    public WorkingCalendar.Year get(@PathParam("year") int year) {
        return calendars.year(year).orElseThrow(() -> ProblemException.notFound("calendar year " + year));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "putCalendarYear", summary = "Load or replace a year's notice (validated: dates inside the year, none both holiday and "
            + "workday); 201 for a new year, 200 after")
    @APIResponse(responseCode = "201", description = "A year not held before",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WorkingCalendar.Year.class)))
    @APIResponse(responseCode = "200", description = "The year replaced",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = WorkingCalendar.Year.class)))
    @APIResponse(responseCode = "422", description = "A date outside the year, a day both holiday and workday, the body's year not the path's")
    public Response put(@PathParam("year") int year, WorkingCalendar.Year body) {
        boolean created = calendars.put(year, body, caller.name());
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK)
                .entity(calendars.year(year).orElseThrow()).build();
    }
}
