package org.creditgrid.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Point-in-polygon lookups per second on the shipped grid, over points inside the city and around it. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GridLookupBenchmark {

    Grid grid;
    double[] lon;
    double[] lat;
    int next;

    @Setup
    public void setUp() throws Exception {
        grid = Grid.load(Grid.DEFAULT_LOCATION);
        SplittableRandom r = new SplittableRandom(1);
        lon = new double[4096];
        lat = new double[4096];
        for (int i = 0; i < lon.length; i++) { // the city's bounding box: most points inside, some outside
            lon[i] = 112.95 + r.nextDouble() * 1.1;
            lat[i] = 22.55 + r.nextDouble() * 1.4;
        }
    }

    @Benchmark
    public GridUnit lookup() {
        int i = next++ & 4095;
        return grid.lookup(lon[i], lat[i]).orElse(null);
    }

    /** A WGS-84 point: converted to GCJ-02 first, as most geocoded registrations are. */
    @Benchmark
    public GridUnit lookupWgs84() {
        int i = next++ & 4095;
        return grid.lookup(lon[i], lat[i], org.creditgrid.schema.Crs.WGS84).orElse(null);
    }

    /** Address normalisation, on registrant-style variants of real-looking addresses. */
    @Benchmark
    public String normaliseAddress() {
        return org.creditgrid.claim.AddressText.normalise(ADDRESSES[next++ & 3]);
    }

    static final String[] ADDRESSES = {"广东省广州市天河区 天河路 ３８５ 號 之一", "广州市越秀区中山五路88号（商务中心）",
        "中国广州市海珠区新港东路1000号 2栋 1203房", "番禺区市桥街 光明北路 12 号"};
}
