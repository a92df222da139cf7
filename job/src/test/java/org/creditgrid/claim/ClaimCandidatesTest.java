package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.creditgrid.Fixtures;
import org.creditgrid.RealWorld;
import org.creditgrid.identity.CreditCode;
import org.creditgrid.identity.Divisions;
import org.creditgrid.internal.Claim;
import org.creditgrid.schema.ClaimMethod;
import org.creditgrid.schema.Coordinates;
import org.creditgrid.schema.Crs;
import org.creditgrid.schema.EnterpriseRegistration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which units a manual-claim case asks: the corpus, and the rule that a case has candidates or says why not. */
class ClaimCandidatesTest {

    static ClaimModel model;
    static Grid grid;

    @BeforeAll
    static void load() throws Exception {
        grid = Grid.load(Grid.DEFAULT_LOCATION);
        model = new ClaimModel(grid);
    }

    static Stream<Arguments> corpus() {
        return RealWorld.cases("claim-candidates.csv");
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("corpus")
    void realWorldCases(String code, String address, String coordinates, String district, String firstUnit,
                        String source) {
        Claim c = model.claim(registration(code, address, coordinates));
        assertThat(c.getMethod()).isEqualTo(ClaimMethod.UNCLAIMED);
        if (district.equals("-")) {
            assertThat(c.getCandidateUnits()).as(source).isEmpty();
            assertThat(c.getCandidateDistrict()).isNull();
            assertThat(c.getDetail()).as(source).contains("no candidate unit");
            return;
        }
        assertThat(c.getCandidateDistrict()).as(source).isEqualTo(district);
        assertThat(c.getCandidateUnits()).as(source).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(grid.unitsOfDistrict(district).stream().map(GridUnit::unitId).toList());
        if (!firstUnit.equals("-")) {
            assertThat(c.getCandidateUnits().get(0)).as(source).isEqualTo(firstUnit);
        }
    }

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    /**
     * Seeded property over Guangzhou's codes (current, former and city-level) and address spellings: an unplaced
     * enterprise's case asks the units of one district of the grid, or has no candidate and says why.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCaseHasCandidatesOfOneDistrictOrSaysWhyNot(long seed) {
        Random random = new Random(seed);
        List<Divisions.Division> codes = Divisions.standard().countiesOf("4401");
        String division = random.nextInt(4) == 0 ? (random.nextBoolean() ? "440101" : "440100")
                : codes.get(random.nextInt(codes.size())).code();
        String code = CreditCode.withCheckCharacter("91" + division + String.format("MA%07d", random.nextInt(9_999_999)));
        List<Divisions.Division> named = codes.stream().filter(d -> d.name().endsWith("区")).toList();
        String district = random.nextInt(4) == 0 ? "" : named.get(random.nextInt(named.size())).name();
        String address = (random.nextBoolean() ? "广州市" : "") + district + "天河路" + (1 + random.nextInt(300)) + "号";
        Claim c = model.claim(registration(code, address, random.nextBoolean() ? "-" : "114.06,22.55"));
        if (c.getCandidateUnits().isEmpty()) {
            assertThat(c.getDetail()).as(code + " " + address).contains("no candidate unit");
        } else {
            String d = c.getCandidateDistrict();
            assertThat(d).isNotNull();
            assertThat(c.getCandidateUnits()).allSatisfy(u -> assertThat(grid.unit(u)).get()
                    .extracting(GridUnit::districtCode).isEqualTo(d));
            Divisions.Division inForce = Divisions.standard().current(division).orElseThrow();
            if (!grid.unitsOfDistrict(inForce.code()).isEmpty()) {
                assertThat(d).as("the credit code's district in force decides").isEqualTo(inForce.code());
            }
        }
    }

    private static EnterpriseRegistration registration(String code, String address, String coordinates) {
        Coordinates at = null;
        if (!coordinates.equals("-")) {
            String[] p = coordinates.split(",");
            at = new Coordinates(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Crs.GCJ02);
        }
        EnterpriseRegistration r = Fixtures.registration(code, Fixtures.T0, at);
        r.setAddress(address);
        return r;
    }
}
