package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped sub-libraries, and membership through the index equal to checking every definition. */
class SubLibrariesTest {

    static SubLibraries libraries;
    static List<SubLibraries.Definition> all;

    @BeforeAll
    static void load() throws IOException {
        libraries = SubLibraries.load(SubLibraries.DEFAULT_LOCATION);
        try (var in = SubLibrariesTest.class.getResourceAsStream("/rules/sub-libraries.json")) {
            all = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(in, SubLibraries.Catalogue.class).definitions();
        }
    }

    @Test
    void atLeastTheCitysNumberShip() {
        assertThat(libraries.size()).isGreaterThanOrEqualTo(1_912);
    }

    @Test
    void aPrudentRestaurantInTianheBelongsToItsDivisionSectionLicenceKeyFieldAndPool() {
        List<String> ids = libraries.membership("H6210", List.of(Licence.FOOD), List.of(), "440106", Pool.PRUDENT);
        List<String> types = ids.stream().map(id -> all.stream().filter(d -> d.id().equals(id)).findFirst()
                .orElseThrow().objectType()).toList();
        assertThat(types).contains("division H62 enterprises, city-wide", "division H62 enterprises, district 440106",
                "section H enterprises, district 440106", "FOOD licence holders, district 440106",
                "key field: catering, city-wide", "PRUDENT pool, district 440106");
        assertThat(types).noneMatch(t -> t.contains("440103")).noneMatch(t -> t.contains("division H61"));
        // in the city and in its district: its division, its section, the FOOD licence (licensing department and
        // market regulation), its key field (market regulation and the sector department), the prudent pool
        assertThat(ids).hasSize(2 * (1 + 1 + 2 + 2 + 1));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void theIndexFindsExactlyWhatCheckingEveryDefinitionFinds(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] industries = {"H6210", "C2710", "F5261", "I6513", "A0111", "Q8411", "R8610", "G5411", "C1320"};
        String[] districts = {"440103", "440104", "440105", "440106", "440111", "440112", "440113", "440114",
            "440115", "440117", "440118"};
        for (int i = 0; i < 200; i++) {
            String industry = industries[r.nextInt(industries.length)];
            List<Licence> licences = new ArrayList<>();
            for (Licence l : Licence.values()) {
                if (r.nextDouble() < 0.15) {
                    licences.add(l);
                }
            }
            List<Qualification> quals = r.nextDouble() < 0.2 ? List.of(Qualification.HIGH_TECH) : List.of();
            String district = districts[r.nextInt(districts.length)];
            Pool pool = Pool.values()[r.nextInt(Pool.values().length)];
            List<String> expected = all.stream()
                    .filter(d -> (d.industryPrefixes().isEmpty() || d.industryPrefixes().stream().anyMatch(industry::startsWith))
                            && (d.licences().isEmpty() || d.licences().stream().anyMatch(licences::contains))
                            && (d.qualifications().isEmpty() || d.qualifications().stream().anyMatch(quals::contains))
                            && (d.districts().isEmpty() || d.districts().contains(district))
                            && (d.pools().isEmpty() || d.pools().contains(pool)))
                    .map(SubLibraries.Definition::id).sorted().toList();
            assertThat(libraries.membership(industry, licences, quals, district, pool)).isEqualTo(expected);
        }
        assertThat(Set.of(districts)).hasSize(11);
    }
}
