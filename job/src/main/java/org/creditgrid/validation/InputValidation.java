package org.creditgrid.validation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Pattern;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AnnualReport;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.CreditRepair;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.InspectionOutcome;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.QualificationChange;
import org.creditgrid.schema.SamplingPlan;
import org.creditgrid.schema.SeriousListing;
import org.creditgrid.schema.TaxGrade;

/** The checks every input passes before it may touch state. Anything that fails becomes a dead letter. */
public final class InputValidation {

    /** Event times before this cannot be real (the unified credit code itself dates from 2015; registries from 1949). */
    private static final Instant EARLIEST_EVENT = Instant.parse("1949-10-01T00:00:00Z");
    /** Clocks of producers may run a little ahead; more than this in the future is not a real event. */
    private static final long FUTURE_ALLOWANCE_MS = 86_400_000L;
    private static final LocalDate EARLIEST_ESTABLISHMENT = LocalDate.of(1900, 1, 1);
    private static final Pattern INDUSTRY = Pattern.compile("[A-T]\\d{0,4}");
    /**
     * China's extreme points (the central government's portal, gov.cn 国情: 73°29'E in the Pamirs, 135°05'E at the
     * Heilong and Wusuli confluence, 53°33'N north of Mohe, 3°51'N at Zengmu Ansha), widened by half a degree for the
     * GCJ-02 offset and rounding: a registered address outside this box is not a Chinese enterprise's.
     */
    /**
     * CreditGrid's own bound on a name or an address, far above any real one: the text is kept in state and copied
     * into profiles and claim requests, so a hostile megabyte name would cost a megabyte per version.
     */
    static final int MAX_TEXT = 1_000;
    private static final double WEST = 73.0;
    private static final double EAST = 135.6;
    private static final double SOUTH = 3.3;
    private static final double NORTH = 54.1;

    private InputValidation() {}

    public static Optional<Rejection> registration(EnterpriseRegistration r) {
        Optional<Rejection> code = creditCode(r.getCreditCode());
        if (code.isPresent()) {
            return code;
        }
        if (blank(r.getEventId()) || blank(r.getName()) || blank(r.getAddress())) {
            return reject(Rejection.MISSING_FIELD, "eventId, name and address are required");
        }
        if (r.getName().length() > MAX_TEXT || r.getAddress().length() > MAX_TEXT) {
            return reject(Rejection.OVERSIZED_FIELD, "name of " + r.getName().length() + " and address of "
                    + r.getAddress().length() + " characters (at most " + MAX_TEXT + ")");
        }
        if (!INDUSTRY.matcher(r.getIndustryCode()).matches()) {
            return reject(Rejection.MISSING_FIELD, "industry code '" + r.getIndustryCode() + "' is not GB/T 4754");
        }
        Optional<Rejection> time = eventTime(r.getEventTime());
        if (time.isPresent()) {
            return time;
        }
        LocalDate established = r.getEstablishedDate();
        LocalDate recorded = LocalDate.ofInstant(r.getEventTime(), org.creditgrid.calendar.Window.CHINA);
        if (established.isBefore(EARLIEST_ESTABLISHMENT) || established.isAfter(recorded.plusDays(1))) {
            return reject(Rejection.IMPOSSIBLE_DATE,
                    "established " + established + " but recorded " + recorded);
        }
        Coordinates c = r.getCoordinates();
        if (c != null && !(Double.isFinite(c.getLon()) && Double.isFinite(c.getLat())
                && Math.abs(c.getLon()) <= 180 && Math.abs(c.getLat()) <= 90)) {
            return reject(Rejection.IMPOSSIBLE_COORDINATES, "lon " + c.getLon() + ", lat " + c.getLat());
        }
        if (c != null && (c.getLon() < WEST || c.getLon() > EAST || c.getLat() < SOUTH || c.getLat() > NORTH)) {
            return reject(Rejection.IMPOSSIBLE_COORDINATES, "lon " + c.getLon() + ", lat " + c.getLat()
                    + " is outside China");
        }
        return Optional.empty();
    }

    public static Optional<Rejection> event(EnforcementEvent e) {
        Optional<Rejection> code = creditCode(e.getCreditCode());
        if (code.isPresent()) {
            return code;
        }
        if (blank(e.getEventId()) || blank(e.getDepartment())) {
            return reject(Rejection.MISSING_FIELD, "eventId and department are required");
        }
        Optional<Rejection> time = eventTime(e.getEventTime());
        if (time.isPresent()) {
            return time;
        }
        Class<?> expected = expectedDetail(e.getKind());
        Object detail = e.getDetail();
        if (expected != null && !expected.isInstance(detail)) {
            return reject(Rejection.DETAIL_MISMATCH, e.getKind() + " needs a " + expected.getSimpleName()
                    + " detail, got " + (detail == null ? "none" : detail.getClass().getSimpleName()));
        }
        if (detail instanceof org.creditgrid.schema.Penalty p && p.getFineAmount() != null && p.getFineAmount() < 0) {
            return reject(Rejection.IMPOSSIBLE_AMOUNT, "fine of " + p.getFineAmount() + " yuan");
        }
        return Optional.empty();
    }

    /** A standard address needs an id, a text that normalises to something, and a unit. */
    public static Optional<Rejection> standardAddress(org.creditgrid.schema.StandardAddress a) {
        if (blank(a.getAddressId()) || org.creditgrid.claim.AddressText.normalise(a.getAddress()).isEmpty()
                || blank(a.getUnitId())) {
            return reject(Rejection.INVALID_STANDARD_ADDRESS, "standard address " + a.getAddressId()
                    + " needs addressId, a non-blank address and unitId");
        }
        return Optional.empty();
    }

    public static Optional<Rejection> claimHistory(org.creditgrid.schema.ClaimHistory h) {
        Optional<Rejection> code = creditCode(h.getCreditCode());
        if (code.isPresent()) {
            return code;
        }
        if (blank(h.getRecordId()) || blank(h.getUnitId())) {
            return reject(Rejection.MISSING_FIELD, "claim history needs recordId and unitId");
        }
        return eventTime(h.getClaimedAt());
    }

    public static Optional<Rejection> claimResponse(org.creditgrid.schema.ClaimResponse r) {
        Optional<Rejection> code = creditCode(r.getCreditCode());
        if (code.isPresent()) {
            return code;
        }
        if (blank(r.getResponseId()) || blank(r.getRequestId()) || blank(r.getUnitId())) {
            return reject(Rejection.MISSING_FIELD, "claim response needs responseId, requestId and unitId");
        }
        if (r.getAction() == org.creditgrid.schema.ClaimAction.RETURN && blank(r.getReason())) {
            return reject(Rejection.MISSING_FIELD, "a returned case needs the reason (response " + r.getResponseId()
                    + ")");
        }
        return eventTime(r.getEventTime());
    }

    /** An inspector needs its identity, department, unit and district, and a certificate validity. */
    public static Optional<Rejection> inspector(org.creditgrid.schema.Inspector i) {
        if (blank(i.getInspectorId()) || blank(i.getDepartment()) || blank(i.getUnitId())
                || blank(i.getDistrictCode())) {
            return reject(Rejection.MISSING_FIELD, "an inspector needs inspectorId, department, unitId and districtCode");
        }
        if (i.getCertificateValidUntil() == null || i.getCertificateValidUntil().toEpochMilli() <= 0) {
            return reject(Rejection.MISSING_FIELD, "inspector " + i.getInspectorId() + " has no certificate validity");
        }
        return eventTime(i.getEventTime());
    }

    /** A grid version must parse as a grid (its units, polygons and CRS), or it is rejected with the parser's reason. */
    public static Optional<Rejection> grid(org.creditgrid.schema.GridVersion g) {
        if (blank(g.getVersion())) {
            return reject(Rejection.INVALID_GRID, "a grid version needs a version");
        }
        try {
            org.creditgrid.claim.Grid.parse(new java.io.ByteArrayInputStream(
                    g.getGeojson().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "grid " + g.getVersion());
        } catch (java.io.IOException | RuntimeException e) {
            return reject(Rejection.INVALID_GRID, String.valueOf(e.getMessage()));
        }
        return Optional.empty();
    }

    /** A plan that targets no sub-library (the checks that need no catalogue). */
    public static Optional<Rejection> plan(SamplingPlan p) {
        return plan(p, java.util.Set.of());
    }

    /** A plan whose target sub-libraries must all be among {@code knownSubLibraries}. */
    public static Optional<Rejection> plan(SamplingPlan p, java.util.Set<String> knownSubLibraries) {
        if (blank(p.getPlanId())) {
            return reject(Rejection.INVALID_PLAN, "planId is required");
        }
        if (p.getItems().isEmpty()) {
            return reject(Rejection.INVALID_PLAN, "plan " + p.getPlanId() + " has no items");
        }
        if (!p.getPeriodEnd().isAfter(p.getPeriodStart())) {
            return reject(Rejection.INVALID_PLAN, "plan " + p.getPlanId() + " ends before it starts");
        }
        for (String target : p.getTargetSubLibraries()) {
            if (!knownSubLibraries.contains(target)) {
                // It would silently draw nobody.
                return reject(Rejection.INVALID_PLAN, "plan " + p.getPlanId() + " targets the unknown sub-library "
                        + target);
            }
        }
        ClassRatios r = p.getRatios();
        for (double v : new double[] {r.getA(), r.getB(), r.getC(), r.getD()}) {
            if (!(v >= 0 && v <= 1)) {
                return reject(Rejection.INVALID_PLAN, "plan " + p.getPlanId() + " has a ratio outside 0..1: " + r);
            }
        }
        return eventTime(p.getEventTime());
    }

    /** A rules version is accepted only if its rules file loads and validates, and names the same version. */
    public static Optional<Rejection> rules(org.creditgrid.schema.RiskRulesVersion v) {
        org.creditgrid.risk.RiskRules rules;
        try {
            rules = org.creditgrid.risk.RiskRules.parse(new java.io.ByteArrayInputStream(
                    v.getRulesJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)), "version " + v.getVersion());
        } catch (java.io.IOException e) {
            return reject(Rejection.INVALID_RULES, e.getMessage());
        }
        if (!rules.version().equals(v.getVersion())) {
            return reject(Rejection.INVALID_RULES, "submitted as version " + v.getVersion()
                    + " but the file says " + rules.version());
        }
        return Optional.empty();
    }

    static Class<?> expectedDetail(EventKind kind) {
        return switch (kind) {
            case ANNUAL_REPORT_FILED, ANNUAL_REPORT_OVERDUE -> AnnualReport.class;
            case ABNORMAL_LIST_ADDED -> AbnormalListing.class;
            case SERIOUS_LIST_ADDED -> SeriousListing.class;
            case PENALTY -> Penalty.class;
            case CREDIT_REPAIRED -> CreditRepair.class;
            case INSPECTION_RESULT -> InspectionOutcome.class;
            case TAX_CREDIT_GRADE -> TaxGrade.class;
            case QUALIFICATION_GRANTED, QUALIFICATION_EXPIRED -> QualificationChange.class;
            default -> null;
        };
    }

    private static Optional<Rejection> creditCode(String code) {
        return CreditCode.problem(code).map(p -> new Rejection(Rejection.INVALID_CREDIT_CODE, p));
    }

    private static Optional<Rejection> eventTime(Instant t) {
        if (t == null || t.isBefore(EARLIEST_EVENT)) {
            return reject(Rejection.IMPOSSIBLE_DATE, "event time " + t + " is before 1949-10-01");
        }
        // A future-dated record would drag every later assessment of its enterprise into the future.
        if (t.toEpochMilli() > System.currentTimeMillis() + FUTURE_ALLOWANCE_MS) {
            return reject(Rejection.IMPOSSIBLE_DATE, "event time " + t + " is in the future");
        }
        return Optional.empty();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static Optional<Rejection> reject(String reason, String detail) {
        return Optional.of(new Rejection(reason, detail));
    }
}
