package org.creditgrid.local.grid;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.schema.Crs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code creditgrid grid build|lookup|publish}: make the supervision grid, check points against a grid file, and put a
 * new grid in force in a running job.
 */
@Command(name = "grid", mixinStandardHelpOptions = true, description = "Build, query or publish the supervision grid.",
        subcommands = {GridCommand.Build.class, GridCommand.Lookup.class, GridCommand.Publish.class})
public final class GridCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        new picocli.CommandLine(this).usage(System.err);
        return 2;
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Build the 187-unit grid of Guangzhou (districts + 2022 township units + 9 special units).")
    static final class Build implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "GeoJSON file to write (the job's default grid is "
                + "job/src/main/resources/" + "grid/guangzhou-units-gcj02.geojson).")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<GridBuilder.Unit> units = new GridBuilder().build();
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().writeValue(out.toFile(), GridBuilder.toGeoJson(units));
            System.err.printf(Locale.ROOT, "%d units written to %s%n", units.size(), out);
            GridBuilder.perDistrict(units).forEach((d, n) -> System.err.printf(Locale.ROOT, "  %s: %d%n", d, n));
            return 0;
        }
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Sends a grid file to the grid-units topic: the running job uses it from then on and assigns "
                    + "again only the enterprises in the units it changes.")
    static final class Publish implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", description = "Grid GeoJSON file.")
        Path file;
        @Option(names = "--version", required = true, description = "Version of this grid (e.g. guangzhou-187-2027.1).")
        String version;
        @picocli.CommandLine.Mixin
        org.creditgrid.local.KafkaOptions kafka;
        @Option(names = "--topic", defaultValue = "grid-units", description = "Topic (default ${DEFAULT-VALUE}).")
        String topic;
        @Option(names = "--by", defaultValue = "${sys:user.name}", description = "Who publishes it (default: the user).")
        String by;

        @Override
        public Integer call() throws Exception {
            String json = Files.readString(file, StandardCharsets.UTF_8);
            org.creditgrid.schema.GridVersion v = new org.creditgrid.schema.GridVersion(version, json, by,
                    java.time.Instant.now());
            Optional<org.creditgrid.io.Rejection> rejected = org.creditgrid.validation.InputValidation.grid(v);
            if (rejected.isPresent()) {
                System.err.println(file + " rejected: " + rejected.get().detail());
                return 2;
            }
            if (org.creditgrid.local.Commands.send(kafka.client(), topic, version,
                    org.creditgrid.io.AvroCodec.of(org.creditgrid.schema.GridVersion.class).encode(v), null) != 0) {
                return 1;
            }
            System.err.printf(Locale.ROOT, "Sent grid %s (%d units) to %s.%n", version,
                    Grid.of(v).units().size(), topic);
            return 0;
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true,
            description = "Reads id,lon,lat (with a header line) and writes id,lon,lat,unit_id,unit_name,district_code,"
                    + "district_name on stdout; unit and district are empty for a point outside every unit.")
    static final class Lookup implements Callable<Integer> {
        @Option(names = "--grid", defaultValue = Grid.DEFAULT_LOCATION,
                description = "Grid GeoJSON file, or classpath:… (default ${DEFAULT-VALUE}).")
        String grid;
        @Option(names = "--crs", required = true, description = "CRS of the input points: WGS84 or GCJ02 "
                + "(CGCS2000 is treated as WGS84).")
        String crs;
        @Option(names = "--points", description = "CSV file of id,lon,lat (default: stdin).")
        Path points;

        @Override
        public Integer call() throws Exception {
            Crs pointCrs = switch (crs.toUpperCase(Locale.ROOT).replace("-", "")) {
                case "WGS84", "CGCS2000" -> Crs.WGS84;
                case "GCJ02" -> Crs.GCJ02;
                default -> throw new picocli.CommandLine.ParameterException(
                        new picocli.CommandLine(this), "--crs must be WGS84 or GCJ02, got " + crs);
            };
            Grid g = Grid.load(grid);
            int lineNo = 0;
            int bad = 0;
            try (BufferedReader in = points == null
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(points, StandardCharsets.UTF_8);
                 PrintWriter out = new PrintWriter(new BufferedWriter(
                         new OutputStreamWriter(System.out, StandardCharsets.UTF_8)))) {
                in.readLine(); // header
                out.println("id,lon,lat,unit_id,unit_name,district_code,district_name");
                for (String line; (line = in.readLine()) != null; ) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(",", -1);
                    double lon;
                    double lat;
                    try {
                        lon = Double.parseDouble(f[1].trim());
                        lat = Double.parseDouble(f[2].trim());
                    } catch (RuntimeException e) {
                        System.err.printf(Locale.ROOT, "line %d: expected id,lon,lat, got '%s'%n", lineNo + 1, line);
                        bad++;
                        continue;
                    }
                    Optional<GridUnit> u = g.lookup(lon, lat, pointCrs);
                    out.printf(Locale.ROOT, "%s,%s,%s,%s%n", f[0], f[1].trim(), f[2].trim(), u.map(x -> String.join(",",
                            x.unitId(), x.unitName(), x.districtCode(), x.districtName())).orElse(",,,"));
                }
            }
            return bad == 0 ? 0 : 1;
        }
    }
}
