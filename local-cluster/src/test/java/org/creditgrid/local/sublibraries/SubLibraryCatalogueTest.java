package org.creditgrid.local.sublibraries;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.creditgrid.supervision.SubLibraries;
import org.junit.jupiter.api.Test;

/** The shipped catalogue is the one the build makes, and has at least Guangzhou's 1,912 sub-libraries. */
class SubLibraryCatalogueTest {

    @Test
    void theShippedCatalogueIsAFreshBuild() throws Exception {
        SubLibraries.Catalogue built = SubLibraryCatalogue.build();
        SubLibraries.Catalogue shipped;
        try (InputStream in = getClass().getResourceAsStream("/rules/sub-libraries.json")) {
            shipped = new ObjectMapper().readValue(in, SubLibraries.Catalogue.class);
        }
        assertThat(shipped).isEqualTo(built);
        assertThat(built.definitions()).hasSize(1_968).hasSizeGreaterThanOrEqualTo(1_912);
        assertThat(built.definitions().stream().map(SubLibraries.Definition::department).distinct())
                .contains("SAMR", "SAMR-FOOD", "DRUG-ADMIN", "HEALTH", "TRANSPORT");
    }
}
