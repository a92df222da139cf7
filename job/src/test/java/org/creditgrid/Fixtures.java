package org.creditgrid;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.schema.AbnormalListing;
import org.creditgrid.schema.AbnormalReason;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnforcementEvent;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.EntityType;
import org.creditgrid.schema.EventKind;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Note;
import org.creditgrid.schema.Penalty;
import org.creditgrid.schema.PenaltyField;
import org.creditgrid.schema.PenaltyKind;
import org.creditgrid.schema.PenaltyProcedure;
import org.creditgrid.schema.RegistrationChange;

/** Fixed instants, valid credit codes and builders for test data. */
public final class Fixtures {

    /** 2025-03-01T00:00:00Z: "now" in most tests. */
    public static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    public static final long DAY = 86_400_000L;

    /** A point in Tianhe district (440106), GCJ-02: the district's published centre. */
    public static final Coordinates TIANHE = new Coordinates(113.335367, 23.13559, Crs.GCJ02);
    /** Shenzhen: outside every Guangzhou unit. */
    public static final Coordinates SHENZHEN = new Coordinates(114.06, 22.55, Crs.GCJ02);

    private Fixtures() {}

    /** The default risk rules file with a new version name and class B starting at {@code bFrom} points. */
    public static String rulesWithThresholdB(String version, int bFrom) {
        try (java.io.InputStream in = org.creditgrid.io.Resources.open(org.creditgrid.risk.RiskRules.DEFAULT_LOCATION)) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.node.ObjectNode n = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(in);
            n.put("version", version);
            ((com.fasterxml.jackson.databind.node.ObjectNode) n.get("classThresholds")).put("b", bFrom);
            return m.writeValueAsString(n);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static org.creditgrid.schema.RiskRulesVersion rulesVersion(String version, int bFrom,
                                                                       org.creditgrid.schema.RulesState state) {
        return new org.creditgrid.schema.RiskRulesVersion(version, state, rulesWithThresholdB(version, bFrom), "test", T0);
    }

    /** A valid credit code of an enterprise registered in Tianhe, numbered {@code n}. */
    public static String code(int n) {
        return CreditCode.withCheckCharacter("91440106" + String.format("MA%07d", n));
    }

    public static Instant at(long daysAfterT0) {
        return T0.plusMillis(daysAfterT0 * DAY);
    }

    public static EnterpriseRegistration registration(String code, Instant time, Coordinates where) {
        return EnterpriseRegistration.newBuilder()
                .setEventId(code + "-R0")
                .setCreditCode(code)
                .setChange(RegistrationChange.ESTABLISHED)
                .setChangedFields(new ArrayList<>())
                .setEventTime(time)
                .setName("广州市测试有限公司")
                .setEntityType(EntityType.LIMITED_COMPANY)
                .setIndustryCode("F5261")
                .setLicences(new ArrayList<>())
                .setAddress("广州市天河区天河路1号" + code.substring(11, 17) + "房") // one address and one
                .setLegalRepresentative("LR-" + code)                                 // representative each
                .setCoordinates(where)
                .setRegisteredCapital(1_000_000L)
                .setEstablishedDate(LocalDate.of(2015, 6, 1))
                .build();
    }

    public static EnterpriseRegistration restaurant(String code, Instant time) {
        EnterpriseRegistration r = registration(code, time, TIANHE);
        r.setIndustryCode("H6210");
        r.setLicences(new ArrayList<>(List.of(Licence.FOOD)));
        return r;
    }

    public static EnforcementEvent event(String code, String id, Instant time, EventKind kind, Object detail) {
        return EnforcementEvent.newBuilder()
                .setEventId(id)
                .setCreditCode(code)
                .setEventTime(time)
                .setDepartment("SAMR")
                .setKind(kind)
                .setDetail(detail)
                .build();
    }

    public static EnforcementEvent complaint(String code, String id, Instant time) {
        return event(code, id, time, EventKind.COMPLAINT, new Note("complaint"));
    }

    public static EnforcementEvent abnormal(String code, String id, Instant time) {
        return event(code, id, time, EventKind.ABNORMAL_LIST_ADDED, new AbnormalListing(AbnormalReason.NO_ANNUAL_REPORT));
    }

    public static EnforcementEvent fine(String code, String id, Instant time, long amount, PenaltyField field,
                                        boolean heavier) {
        return event(code, id, time, EventKind.PENALTY, new Penalty("D-" + id, PenaltyProcedure.NORMAL,
                PenaltyKind.FINE, amount, field, heavier));
    }
}
