package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.StandardAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator harness: registrations joined with the standard address database by normalised address. */
class StandardAddressMatchTest {

    static final String ADDRESS = "广州市天河区天河路108号2栋1203房";
    KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, org.creditgrid.schema.GridVersion, EnterpriseInput> h;
    ClaimModel model;

    @BeforeEach
    void open() throws Exception {
        model = new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION));
        h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new StandardAddressMatch(Grid.DEFAULT_LOCATION), EnterpriseInput::getAddressKey, Types.STRING,
                GridInForce.GRID);
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private EnterpriseInput registration(int n, String written, boolean withCoordinates) {
        EnterpriseRegistration r = Fixtures.registration(code(n), T0, withCoordinates ? Fixtures.TIANHE : null);
        r.setAddress(written);
        return EnterpriseInput.newBuilder().setRegistration(r).setClaim(model.claim(r))
                .setAddressKey(StandardAddressMatch.key(written)).build();
    }

    private static StandardAddress entry(String unitId, long updated) {
        return StandardAddress.newBuilder().setAddressId("SA1").setAddress(ADDRESS).setUnitId(unitId)
                .setDistrictCode(unitId.substring(0, 6)).setUpdateTime(Instant.ofEpochMilli(updated)).build();
    }

    private List<EnterpriseInput> out() {
        List<EnterpriseInput> o = h.extractOutputValues();
        h.getOutput().clear();
        return o;
    }

    @Test
    void aKnownAddressClaimsTheRegistrationWhateverItsCoordinatesSay() throws Exception {
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106001", 1))));
        h.processElement(new StreamRecord<>(registration(1, "天河区 天河路 １０８ 號 2幢 1203房", true)));
        assertThat(out()).singleElement().satisfies(i -> {
            assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
            assertThat(i.getClaim().getUnitId()).isEqualTo("440106001");
            assertThat(i.getClaim().getDistrictCode()).isEqualTo("440106");
        });
    }

    @Test
    void anUnknownAddressKeepsTheCoordinatesClaimAndAnUnclaimedOneWaitsForTheDatabase() throws Exception {
        h.processElement(new StreamRecord<>(registration(1, ADDRESS, true)));
        h.processElement(new StreamRecord<>(registration(2, ADDRESS, false)));
        assertThat(out()).extracting(i -> i.getClaim().getMethod())
                .containsExactly(ClaimMethod.COORDINATES, ClaimMethod.UNCLAIMED);

        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106003", 5))));
        List<EnterpriseInput> entered = out();
        assertThat(entered).as("the unclaimed one is sent again").filteredOn(i -> i.getRegistration() != null)
                .singleElement().satisfies(i -> {
                    assertThat(i.getRegistration().getCreditCode()).isEqualTo(code(2));
                    assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
                });
        assertThat(entered).as("the one claimed by coordinates hears the address now decides")
                .filteredOn(i -> i.getVerdict() != null).singleElement().satisfies(i -> {
                    assertThat(i.getVerdict().getCreditCode()).isEqualTo(code(1));
                    assertThat(i.getVerdict().getClaim().getUnitId()).isEqualTo("440106003");
                    assertThat(i.getVerdict().getClaim().getSince()).as("the entry's update time")
                            .isEqualTo(Instant.ofEpochMilli(5));
                });
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106004", 6))));
        assertThat(out()).as("nobody waits any more; both enterprises hear that the address moved to another unit")
                .allSatisfy(i -> {
                    assertThat(i.getRegistration()).isNull();
                    assertThat(i.getVerdict().getClaim().getUnitId()).isEqualTo("440106004");
                    assertThat(i.getVerdict().getAddressKey()).isEqualTo(StandardAddressMatch.key(ADDRESS));
                })
                .extracting(i -> i.getVerdict().getCreditCode()).containsExactlyInAnyOrder(code(1), code(2));
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106009", 2))));
        h.processElement(new StreamRecord<>(registration(3, ADDRESS, false)));
        assertThat(out()).singleElement().satisfies(i ->
                assertThat(i.getClaim().getUnitId()).as("an older version is ignored").isEqualTo("440106004"));
    }

    @Test
    void aGridThatBringsTheEntrysUnitClaimsTheRegistrationsWaitingThere() throws Exception {
        // The database names a unit the --grid file does not have yet: the entry says nothing, the registration waits.
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106999", 1))));
        h.processElement(new StreamRecord<>(registration(1, ADDRESS, false)));
        assertThat(out()).singleElement().satisfies(i ->
                assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED));

        h.processElement(new StreamRecord<>(registration(2, ADDRESS, true)));
        assertThat(out()).as("claimed by its coordinates meanwhile").singleElement().satisfies(i ->
                assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.COORDINATES));

        h.processBroadcastElement(new StreamRecord<>(renumbered("440106022", "440106999")));
        List<EnterpriseInput> after = out();
        assertThat(after).filteredOn(i -> i.getRegistration() != null)
                .as("the waiting one is claimed by the entry once the grid in force has its unit").singleElement()
                .satisfies(i -> {
                    assertThat(i.getRegistration().getCreditCode()).isEqualTo(code(1));
                    assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS);
                    assertThat(i.getClaim().getUnitId()).isEqualTo("440106999");
                });
        assertThat(after).filteredOn(i -> i.getVerdict() != null)
                .as("every enterprise claimed there hears of it, whatever its own re-grid did first")
                .extracting(i -> i.getVerdict().getCreditCode()).containsExactlyInAnyOrder(code(1), code(2));
        assertThat(after).filteredOn(i -> i.getVerdict() != null)
                .allSatisfy(i -> assertThat(i.getVerdict().getClaim().getUnitId()).isEqualTo("440106999"));
        h.processBroadcastElement(new StreamRecord<>(renumbered("440106022", "440106999")));
        h.processElement(new StreamRecord<>(registration(3, ADDRESS, false)));
        assertThat(out()).as("a redelivered grid changes nothing; a later registration is claimed at once")
                .singleElement().satisfies(i -> assertThat(i.getClaim().getUnitId()).isEqualTo("440106999"));
    }

    /** The shipped grid with one unit under a new id, as a grid-units record. */
    private static org.creditgrid.schema.GridVersion renumbered(String unitId, String newId) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode root;
        try (var in = StandardAddressMatchTest.class.getResourceAsStream("/grid/guangzhou-units-gcj02.geojson")) {
            root = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(in);
        }
        for (var f : root.withArray("features")) {
            if (f.path("properties").path("unitId").asText().equals(unitId)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) f.path("properties")).put("unitId", newId);
            }
        }
        return new org.creditgrid.schema.GridVersion("renumbered", json.writeValueAsString(root), "test",
                Instant.parse("2026-11-28T00:00:00Z"));
    }

    @Test
    void anAbnormalAddressGoesToTheManualQueueUntilCorrected() throws Exception {
        StandardAddress abnormal = entry("440106001", 1);
        abnormal.setAbnormal(true);
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(abnormal)));
        h.processElement(new StreamRecord<>(registration(1, ADDRESS, false)));
        assertThat(out()).singleElement().satisfies(i -> {
            assertThat(i.getClaim().getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
            assertThat(i.getClaim().getUnclaimedReason()).isEqualTo(org.creditgrid.schema.ClaimReason.ABNORMAL_ADDRESS);
            assertThat(i.getClaim().getCandidateUnits()).hasSize(21);
        });
        h.processElement(new StreamRecord<>(registration(2, ADDRESS, true)));
        assertThat(out()).singleElement().satisfies(i -> assertThat(i.getClaim().getUnclaimedReason())
                .as("coordinates do not override an abnormal address").isEqualTo(
                        org.creditgrid.schema.ClaimReason.ABNORMAL_ADDRESS));
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106002", 2)))); // corrected
        assertThat(out()).hasSize(2).allSatisfy(i -> assertThat(i.getClaim().getUnitId()).isEqualTo("440106002"));
    }

    @Test
    void enterprisesClaimedAtAnAddressHearWhenItIsFlaggedAndWhenItIsCorrected() throws Exception {
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106001", 1))));
        h.processElement(new StreamRecord<>(registration(1, ADDRESS, false)));
        out();
        StandardAddress abnormal = entry("440106001", 2);
        abnormal.setAbnormal(true);
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(abnormal)));
        assertThat(out()).singleElement().satisfies(i -> {
            assertThat(i.getVerdict().getCreditCode()).isEqualTo(code(1));
            assertThat(i.getVerdict().getClaim().getUnclaimedReason())
                    .isEqualTo(org.creditgrid.schema.ClaimReason.ABNORMAL_ADDRESS);
        });
        h.processElement(new StreamRecord<>(StandardAddressMatch.asInput(entry("440106001", 3))));
        assertThat(out()).singleElement().satisfies(i ->
                assertThat(i.getVerdict().getClaim().getMethod()).isEqualTo(ClaimMethod.STANDARD_ADDRESS));
    }
}
