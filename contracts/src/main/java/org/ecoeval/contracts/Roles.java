package org.ecoeval.contracts;

/** Roles (the {@code groups} claim) and the claims that scope them (architecture.md). */
public final class Roles {
    public static final String DEPARTMENT = "department";
    public static final String UNIT_HEAD = "unit-head";
    public static final String BUREAU = "bureau";
    public static final String SUPERVISOR = "supervisor";
    public static final String ADMIN = "admin";
    /** The Banner Party committee and government (旗委、政府): read the county, sign off or return the 自查报告. */
    public static final String LEADER = "leader";

    /** Claim holding the unit code, for {@link #DEPARTMENT} and {@link #UNIT_HEAD}. */
    public static final String DEPARTMENT_CLAIM = "department";
    /** Claim holding the county code; an admin without it is provincial and sees every county. */
    public static final String COUNTY_CLAIM = "county";

    private Roles() {
    }
}
