package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.creditgrid.schema.Crs;
import org.junit.jupiter.api.Test;

class Gcj02Test {

    @Test
    void wgs84ToGcj02MatchesThePublishedPair() {
        // The published result of the reference JavaScript library wandergis/coordtransform (its test/app.js).
        double[] gcj = Gcj02.fromWgs84(116.404, 39.915);
        assertThat(gcj[0]).isCloseTo(116.41024449916938, within(1e-9));
        assertThat(gcj[1]).isCloseTo(39.91640428150164, within(1e-9));
    }

    @Test
    void gcj02ToWgs84MatchesThePublishedPairAndIsExact() {
        // coordtransform's inverse is a one-step approximation (good to a few decimetres); ours iterates to the
        // exact inverse, so the two agree to 1e-6 degrees (~0.1 m) and ours round-trips exactly.
        double[] wgs = Gcj02.toWgs84(116.404, 39.915);
        assertThat(wgs[0]).isCloseTo(116.39775550083061, within(1e-6));
        assertThat(wgs[1]).isCloseTo(39.91359571849836, within(1e-6));
        double[] back = Gcj02.fromWgs84(wgs[0], wgs[1]);
        assertThat(back[0]).isCloseTo(116.404, within(1e-9));
        assertThat(back[1]).isCloseTo(39.915, within(1e-9));
    }

    @Test
    void guangzhouOffsetIsAboutSixHundredMetres() {
        double[] gcj = Gcj02.fromWgs84(113.3245, 23.1064);
        assertThat(gcj[0] - 113.3245).isCloseTo(0.0054, within(0.0005));
        assertThat(gcj[1] - 23.1064).isCloseTo(-0.0026, within(0.0005));
    }

    @Test
    void roundTripIsBelowATenthOfAMillimetre() {
        for (double lon = 113.2; lon < 114.0; lon += 0.07) {
            for (double lat = 22.6; lat < 23.9; lat += 0.09) {
                double[] gcj = Gcj02.fromWgs84(lon, lat);
                double[] back = Gcj02.toWgs84(gcj[0], gcj[1]);
                assertThat(back[0]).isCloseTo(lon, within(1e-9));
                assertThat(back[1]).isCloseTo(lat, within(1e-9));
            }
        }
    }

    @Test
    void pointsOutsideChinaAreLeftAlone() {
        assertThat(Gcj02.fromWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
    }

    @Test
    void cgcs2000IsTreatedAsWgs84() {
        assertThat(Grid.convert(113.3, 23.1, Crs.CGCS2000, Crs.GCJ02))
                .containsExactly(Grid.convert(113.3, 23.1, Crs.WGS84, Crs.GCJ02));
        assertThat(Grid.convert(113.3, 23.1, Crs.GCJ02, Crs.GCJ02)).containsExactly(113.3, 23.1);
    }
}
