package org.creditgrid.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.supervision.SubLibraries;
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

/** Sub-library memberships per second on the shipped catalogue (1,968 definitions), through its index. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubLibraryBenchmark {

    private SubLibraries libraries;
    private int i;
    private static final String[] INDUSTRIES = {"H6210", "C2710", "F5261", "I6513", "A0111", "Q8411", "R8610"};
    private static final String[] DISTRICTS = {"440103", "440104", "440106", "440111", "440113", "440115"};

    @Setup
    public void load() throws Exception {
        libraries = SubLibraries.load(SubLibraries.DEFAULT_LOCATION);
    }

    /** A mix of industries, districts and pools; every third enterprise holds a FOOD licence. */
    @Benchmark
    public List<String> membership() {
        int n = i++;
        return libraries.membership(INDUSTRIES[n % INDUSTRIES.length],
                n % 3 == 0 ? List.of(Licence.FOOD) : List.of(),
                n % 5 == 0 ? List.of(Qualification.HIGH_TECH) : List.of(), DISTRICTS[n % DISTRICTS.length],
                Pool.values()[n % 3]);
    }
}
