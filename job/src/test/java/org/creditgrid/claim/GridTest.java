package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.creditgrid.Fixtures;
import org.creditgrid.internal.Claim;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GridTest {

    static Grid grid;

    @BeforeAll
    static void load() throws IOException {
        grid = Grid.load(Grid.DISTRICTS_LOCATION);
    }

    @Test
    void theDefaultGridHasTheElevenDistrictsInGcj02() {
        assertThat(grid.units()).hasSize(11);
        assertThat(grid.crs()).isEqualTo(Crs.GCJ02);
        assertThat(grid.unit("440106")).hasValueSatisfying(u -> assertThat(u.unitName()).isEqualTo("天河区"));
    }

    @Test
    void everyDistrictCentreOfThePublishedFileLiesInItsOwnDistrict() throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("grid/guangzhou-districts-gcj02.geojson")) {
            root = new ObjectMapper().readTree(in);
        }
        int checked = 0;
        for (JsonNode f : root.path("features")) {
            String adcode = f.path("properties").path("adcode").asText();
            JsonNode centre = f.path("properties").path("center");
            assertThat(grid.lookup(centre.get(0).asDouble(), centre.get(1).asDouble()))
                    .as("centre of %s", adcode)
                    .hasValueSatisfying(u -> assertThat(u.districtCode()).isEqualTo(adcode));
            checked++;
        }
        assertThat(checked).isEqualTo(11);
    }

    @Test
    void aWgs84PointIsConvertedBeforeTheLookup() {
        // Tianhe's centre in GCJ-02, expressed in WGS-84: the raw WGS numbers would be ~600 m off.
        double[] wgs = Gcj02.toWgs84(113.335367, 23.13559);
        assertThat(grid.lookup(wgs[0], wgs[1], Crs.WGS84)).map(GridUnit::unitId).hasValue("440106");
    }

    @Test
    void pointsOutsideEveryUnitHaveNoUnit() {
        assertThat(grid.lookup(114.06, 22.55)).isEmpty(); // Shenzhen
        assertThat(grid.lookup(0, 0)).isEmpty();
    }

    @Test
    void aPointOnASharedBoundaryBelongsToTheSmallestUnitId() throws IOException {
        String twoSquares = """
                {"type":"FeatureCollection","crs":"GCJ02","features":[
                 {"type":"Feature","properties":{"unitId":"U2","unitName":"b","districtCode":"D","districtName":"d"},
                  "geometry":{"type":"Polygon","coordinates":[[[1,0],[2,0],[2,1],[1,1],[1,0]]]}},
                 {"type":"Feature","properties":{"unitId":"U1","unitName":"a","districtCode":"D","districtName":"d"},
                  "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}]}""";
        Grid g = Grid.parse(new ByteArrayInputStream(twoSquares.getBytes(StandardCharsets.UTF_8)), "test");
        assertThat(g.lookup(1.0, 0.5)).map(GridUnit::unitId).hasValue("U1");
        assertThat(g.lookup(1.5, 0.5)).map(GridUnit::unitId).hasValue("U2");
        assertThat(g.lookup(2.0, 0.5)).map(GridUnit::unitId).hasValue("U2"); // outer boundary counts as inside
        assertThat(g.unitsOfDistrict("D")).extracting(GridUnit::unitId).containsExactly("U1", "U2");
    }

    @Test
    void malformedGridsAreRejectedWithTheReason() {
        String open = """
                {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"adcode":1,"name":"x"},
                 "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}}]}""";
        assertThatThrownBy(() -> Grid.parse(new ByteArrayInputStream(open.getBytes(StandardCharsets.UTF_8)), "t"))
                .hasMessageContaining("not closed");
        String crs = """
                {"type":"FeatureCollection","crs":"EPSG:3857","features":[]}""";
        assertThatThrownBy(() -> Grid.parse(new ByteArrayInputStream(crs.getBytes(StandardCharsets.UTF_8)), "t"))
                .hasMessageContaining("unsupported grid CRS");
    }

    @Test
    void randomPointsInAUnitAreInThatUnit() {
        SplittableRandom r = new SplittableRandom(7);
        for (GridUnit u : grid.units()) {
            double[] p = grid.randomPointIn(u.unitId(), r);
            assertThat(grid.lookup(p[0], p[1])).hasValue(u);
        }
    }

    @Test
    void claimModelAssignsByCoordinatesOrQueuesWithTheReason() {
        ClaimModel model = new ClaimModel(grid);
        Claim inTianhe = model.claim(Fixtures.registration(Fixtures.code(1), Fixtures.T0, Fixtures.TIANHE));
        assertThat(inTianhe.getMethod()).isEqualTo(ClaimMethod.COORDINATES);
        assertThat(inTianhe.getUnitId()).isEqualTo("440106");
        assertThat(inTianhe.getDistrictName()).isEqualTo("天河区");

        Claim nowhere = model.claim(Fixtures.registration(Fixtures.code(2), Fixtures.T0, null));
        assertThat(nowhere.getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        assertThat(nowhere.getUnclaimedReason()).isEqualTo(ClaimReason.NO_EVIDENCE);
        assertThat(nowhere.getCandidateUnits()).containsExactly("440106"); // the credit code's district

        Claim shenzhen = model.claim(Fixtures.registration(Fixtures.code(3), Fixtures.T0,
                new Coordinates(114.06, 22.55, Crs.WGS84)));
        assertThat(shenzhen.getUnclaimedReason()).isEqualTo(ClaimReason.OUTSIDE_GRID);
        assertThat(shenzhen.getDetail()).contains("outside every unit");
    }
}
