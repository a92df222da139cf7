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
    /** A text longer than any real one (a name, an address). */
    public static final String OVERSIZED_FIELD = "OVERSIZED_FIELD";
    /** A negative amount (a fine). */
    public static final String IMPOSSIBLE_AMOUNT = "IMPOSSIBLE_AMOUNT";
    public static final String INVALID_PLAN = "INVALID_PLAN";
    public static final String INVALID_RULES = "INVALID_RULES";
    public static final String INVALID_STANDARD_ADDRESS = "INVALID_STANDARD_ADDRESS";
    public static final String INVALID_GRID = "INVALID_GRID";
    /** An event whose enterprise never registered within the pending limits (dead-lettered by the enterprise operator). */
    public static final String UNKNOWN_ENTERPRISE = "UNKNOWN_ENTERPRISE";
    /** A unit's claim response to a case that is not open, or not asked of that unit. */
    public static final String CLAIM_RESPONSE_NOT_APPLICABLE = "CLAIM_RESPONSE_NOT_APPLICABLE";
    /** A historical claim or claim response naming a unit the grid in force does not have. */
    public static final String UNKNOWN_UNIT = "UNKNOWN_UNIT";

    /** Every reason code above (the values a dead letter's {@code reason} takes). */
    public static java.util.Set<String> reasons() {
        java.util.Set<String> s = new java.util.HashSet<>();
        for (java.lang.reflect.Field f : Rejection.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    s.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return java.util.Set.copyOf(s);
    }
}
