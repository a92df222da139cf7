package org.creditgrid.local.grid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.Resources;
import org.creditgrid.schema.Crs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The 187-unit grid: it tiles every district exactly, is reproducible, and is what the job ships. */
class GridBuilderTest {

    static List<GridBuilder.Unit> units;
    static List<GridBuilder.District> districts;

    @BeforeAll
    static void build() throws Exception {
        units = new GridBuilder().build();
        districts = GridBuilder.districts();
    }

    @Test
    void oneUnitPerTownshipUnitPlusNineSpecialUnits() throws Exception {
        assertThat(units).hasSize(187);
        assertThat(units.stream().filter(u -> u.kind().equals("TOWNSHIP"))).hasSize(178);
        assertThat(units.stream().filter(u -> u.kind().equals("SPECIAL"))).hasSize(9);
        assertThat(new HashSet<>(units.stream().map(GridBuilder.Unit::unitId).toList())).hasSize(187);
        assertThat(units.stream().filter(u -> u.kind().equals("TOWNSHIP")).map(GridBuilder.Unit::unitId))
                .containsExactlyInAnyOrderElementsOf(GridBuilder.towns().stream().map(GridBuilder.Town::code).toList());
        assertThat(units.stream().map(GridBuilder.Unit::districtCode).distinct()).hasSize(11);
    }

    @Test
    void theUnitsOfEachDistrictTileItWithNoGapAndNoOverlap() {
        Map<String, List<GridBuilder.Unit>> byDistrict = units.stream()
                .collect(Collectors.groupingBy(GridBuilder.Unit::districtCode));
        for (GridBuilder.District d : districts) {
            List<GridBuilder.Unit> mine = byDistrict.get(d.code());
            double area = d.polygon().getArea();
            double sum = mine.stream().mapToDouble(u -> u.polygon().getArea()).sum();
            assertThat(Math.abs(sum - area) / area).as("gaps or overlaps in %s", d.name()).isLessThan(1e-9);
            for (GridBuilder.Unit u : mine) {
                assertThat(u.polygon().isValid()).as("%s valid", u.unitId()).isTrue();
                assertThat(u.polygon().difference(d.polygon()).getArea() / area)
                        .as("%s inside %s", u.unitId(), d.name()).isLessThan(1e-12);
                assertThat(u.polygon().getArea()).as("%s not empty", u.unitId()).isGreaterThan(0);
            }
            for (int i = 0; i < mine.size(); i++) {
                for (int j = i + 1; j < mine.size(); j++) {
                    assertThat(mine.get(i).polygon().intersection(mine.get(j).polygon()).getArea() / area)
                            .as("%s overlaps %s", mine.get(i).unitId(), mine.get(j).unitId()).isLessThan(1e-12);
                }
            }
        }
    }

    @Test
    void theShippedDefaultGridIsWhatTheBuilderMakes() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode built = m.readTree(m.writeValueAsBytes(GridBuilder.toGeoJson(units)));
        JsonNode shipped;
        try (InputStream in = Resources.open(Grid.DEFAULT_LOCATION)) {
            shipped = m.readTree(in);
        }
        assertThat(shipped).isEqualTo(built);
        Grid grid = Grid.load(Grid.DEFAULT_LOCATION);
        assertThat(grid.crs()).isEqualTo(Crs.GCJ02);
        for (GridBuilder.Unit u : units) {
            assertThat(grid.lookup(u.seed().x, u.seed().y).orElseThrow().unitId()).as("seed of %s", u.unitId())
                    .isEqualTo(u.unitId());
        }
    }

    @Test
    void lookupPutsEachDistrictCentreInItsOwnDistrict() throws Exception {
        JsonNode root;
        try (InputStream in = Resources.open(GridBuilder.DISTRICTS)) {
            root = new ObjectMapper().readTree(in);
        }
        StringBuilder csv = new StringBuilder("id,lon,lat\n");
        List<String> expected = new ArrayList<>();
        for (JsonNode f : root.path("features")) {
            JsonNode p = f.path("properties");
            csv.append(p.path("adcode").asText()).append(',').append(p.path("center").get(0).asText()).append(',')
                    .append(p.path("center").get(1).asText()).append('\n');
            expected.add(p.path("adcode").asText());
        }
        csv.append("outside,116.39,39.91\n");
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new GridCommand()).execute("lookup", "--crs", "GCJ02");
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,lon,lat,unit_id,unit_name,district_code,district_name");
        assertThat(lines).hasSize(13);
        for (int i = 0; i < expected.size(); i++) {
            String[] f = lines.get(i + 1).split(",", -1);
            assertThat(f[5]).as("centre of %s", expected.get(i)).isEqualTo(f[0]);
            assertThat(f[3]).isNotEmpty();
        }
        assertThat(lines.get(12)).isEqualTo("outside,116.39,39.91,,,,");
    }
}
