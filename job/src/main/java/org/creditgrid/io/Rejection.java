package org.creditgrid.io;

/** Why an input record cannot be accepted: a reason code (see the DeadLetter contract) and the detail. */
public record Rejection(String reason, String detail) {

    public static final String UNDECODABLE = "UNDECODABLE";
    public static final String UNKNOWN_SCHEMA = "UNKNOWN_SCHEMA";
    public static final String INVALID_CREDIT_CODE = "INVALID_CREDIT_CODE";
    public static final String IMPOSSIBLE_COORDINATES = "IMPOSSIBLE_COORDINATES";
    public static final String IMPOSSIBLE_DATE = "IMPOSSIBLE_DATE";
    public static final String MISSING_FIELD = "MISSING_FIELD";
    public static final String DETAIL_MISMATCH = "DETAIL_MISMATCH";
    public static final String INVALID_PLAN = "INVALID_PLAN";
    public static final String INVALID_RULES = "INVALID_RULES";
    public static final String INVALID_STANDARD_ADDRESS = "INVALID_STANDARD_ADDRESS";
    public static final String INVALID_GRID = "INVALID_GRID";
}
