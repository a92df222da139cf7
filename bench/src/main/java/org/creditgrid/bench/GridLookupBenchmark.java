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
}
