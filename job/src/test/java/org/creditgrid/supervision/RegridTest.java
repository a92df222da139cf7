package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.code;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.Claim;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.risk.RiskModel;
import org.creditgrid.risk.RiskRules;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.GridVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A new grid assigns again only the enterprises in the units it changes. */
class RegridTest {

    static final Coordinates YUEXIU = new Coordinates(113.2668, 23.1290, Crs.GCJ02);
    static EnterpriseSupervisor supervisor;
    static Grid grid;
    static ClaimModel claims;

    @BeforeAll
    static void load() throws IOException {
        supervisor = Supervisors.of(new RiskModel(RiskRules.load(RiskRules.DEFAULT_LOCATION)),
                PoolRules.load(PoolRules.DEFAULT_LOCATION));
        grid = Grid.load(Grid.DEFAULT_LOCATION);
        claims = new ClaimModel(grid);
    }

    /** The shipped grid with one edit, as a grid-units record. */
    static GridVersion gridWith(String version, Consumer<ObjectNode> edit) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root;
        try (InputStream in = RegridTest.class.getResourceAsStream("/grid/guangzhou-units-gcj02.geojson")) {
            root = (ObjectNode) json.readTree(in);
        }
        edit.accept(root);
        return new GridVersion(version, json.writeValueAsString(root), "test", Instant.parse("2026-11-28T00:00:00Z"));
    }

    static ObjectNode unit(ObjectNode root, String unitId) {
        for (var f : root.withArray("features")) {
            if (f.path("properties").path("unitId").asText().equals(unitId)) {
                return (ObjectNode) f;
            }
        }
        throw new IllegalArgumentException(unitId);
    }

    /** Tianhe's 新塘街道 (where Fixtures.TIANHE lies) under a new id. */
    static GridVersion renumbered() throws IOException {
        return gridWith("renumbered", root -> ((ObjectNode) unit(root, "440106022").path("properties"))
                .put("unitId", "440106999"));
    }

    private static EnterpriseState registered(String code, Coordinates where) {
        EnterpriseState s = EnterpriseSupervisor.emptyState();
        EnterpriseRegistration r = Fixtures.registration(code, T0, where);
        supervisor.apply(s, EnterpriseInput.newBuilder().setRegistration(r).setClaim(claims.claim(r)).build());
        return s;
    }

    @Test
    void anUnchangedGridChangesNoUnit() throws IOException {
        assertThat(grid.changedUnits(Grid.of(gridWith("same", root -> { })))).isEmpty();
        assertThat(grid.changedUnits(Grid.of(renumbered()))).containsExactly("440106022", "440106999");
    }

    @Test
    void onlyEnterprisesInChangedUnitsAreAssignedAgain() throws IOException {
        Grid newer = Grid.of(renumbered());
        Set<String> changed = grid.changedUnits(newer);
        EnterpriseState inChanged = registered(code(1), Fixtures.TIANHE);
        EnterpriseState elsewhere = registered(code(2), YUEXIU);
        assertThat(inChanged.getClaim().getUnitId()).isEqualTo("440106022");

        Outcome moved = supervisor.regrid(inChanged, new ClaimModel(newer), changed);
        assertThat(moved.profile().getUnitId()).isEqualTo("440106999");
        assertThat(moved.profile().getClaimMethod()).isEqualTo(ClaimMethod.COORDINATES);
        assertThat(moved.profile().getVersion()).isEqualTo(2);
        assertThat(supervisor.regrid(elsewhere, new ClaimModel(newer), changed).profile()).isNull();
    }

    @Test
    void aClaimNamingAVanishedUnitRunsTheChainAgainAndARenamedUnitKeepsItsClaim() throws IOException {
        EnterpriseState manual = registered(code(3), Fixtures.TIANHE);
        Claim byUnit = claims.byUnit(ClaimMethod.MANUAL, "440106022", "claimed by unit 440106022").orElseThrow();
        manual.setClaim(byUnit);
        Grid newer = Grid.of(renumbered());
        Outcome o = supervisor.regrid(manual, new ClaimModel(newer), grid.changedUnits(newer));
        assertThat(o.profile().getClaimMethod()).isEqualTo(ClaimMethod.COORDINATES);
        assertThat(o.profile().getUnitId()).isEqualTo("440106999");

        EnterpriseState kept = registered(code(4), Fixtures.TIANHE);
        kept.setClaim(Claim.newBuilder(byUnit).build());
        Grid renamed = Grid.of(gridWith("renamed", root -> ((ObjectNode) unit(root, "440106022").path("properties"))
                .put("unitName", "新塘街道（新）")));
        Outcome r = supervisor.regrid(kept, new ClaimModel(renamed), grid.changedUnits(renamed));
        assertThat(r.profile().getClaimMethod()).isEqualTo(ClaimMethod.MANUAL);
        assertThat(r.profile().getUnitName()).isEqualTo("新塘街道（新）");
    }

    @Test
    void aPointOutsideTheOldGridIsClaimedWhenTheNewGridCoversIt() throws IOException {
        EnterpriseState outside = registered(code(5), Fixtures.SHENZHEN);
        assertThat(outside.getRequest()).isNotNull();
        GridVersion bigger = gridWith("with-shenzhen-office", root -> {
            ObjectNode f = unit(root, "440106022").deepCopy();
            ((ObjectNode) f.path("properties")).put("unitId", "440106998").put("unitName", "深圳办事处");
            ObjectNode g = f.putObject("geometry");
            g.put("type", "Polygon");
            var ring = g.putArray("coordinates").addArray();
            for (double[] p : new double[][] {{114.0, 22.5}, {114.1, 22.5}, {114.1, 22.6}, {114.0, 22.6}, {114.0, 22.5}}) {
                ring.addArray().add(p[0]).add(p[1]);
            }
            root.withArray("features").add(f);
        });
        Grid newer = Grid.of(bigger);
        Outcome o = supervisor.regrid(outside, new ClaimModel(newer), grid.changedUnits(newer));
        assertThat(o.profile().getUnitId()).isEqualTo("440106998");
        assertThat(o.claims()).singleElement().satisfies(c -> assertThat(c.getStatus()).isEqualTo(ClaimStatus.CLAIMED));
        assertThat(outside.getRequest()).isNull();
    }

    /**
     * A cluster-registration case no unit has answered, and a new grid that renames the unit of the claim it displaced:
     * the displaced claim follows the grid, the case still asks the same unit, and nothing is published — a change
     * of state alone, which the operator must store all the same (it stores on a changed displaced claim too).
     */
    @Test
    void aRenamedUnitMovesACasesDisplacedClaimWithNothingToPublish() throws IOException {
        EnterpriseState s = registered(code(6), Fixtures.TIANHE);
        String group = s.getNetwork().getAddressGroup();
        supervisor.apply(s, EnterpriseInput.newBuilder().setSignal(new org.creditgrid.internal.GroupSignal(code(6),
                group, 31, 0)).build());
        Claim displaced = s.getSharedFrom();
        assertThat(displaced.getUnitId()).isEqualTo("440106022");
        Grid renamed = Grid.of(gridWith("renamed", root -> ((ObjectNode) unit(root, "440106022").path("properties"))
                .put("unitName", "新塘街道（新）")));

        Outcome o = supervisor.regrid(s, new ClaimModel(renamed), grid.changedUnits(renamed));

        assertThat(o.profile()).isNull();
        assertThat(o.claims()).isEmpty();
        assertThat(s.getSharedFrom()).isNotSameAs(displaced);
        assertThat(s.getSharedFrom().getUnitName()).isEqualTo("新塘街道（新）");
    }
}
