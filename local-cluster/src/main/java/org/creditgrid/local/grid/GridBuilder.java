package org.creditgrid.local.grid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.creditgrid.claim.Gcj02;
import org.creditgrid.claim.Grid;
import org.creditgrid.io.Resources;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * Builds the 187-unit supervision grid of Guangzhou from the 11 district polygons and the 178 township units of the
 * 2022 national division codes, plus 9 special units at real places (airport, ports, development zones, a railway
 * hub, an exhibition centre). No public street-level polygons exist, so unit polygons are derived: each unit gets a
 * seed point inside its district (special units at their real place; township units spread by best-candidate
 * sampling from a random stream seeded by the district code), and its polygon is its Voronoi cell clipped to the
 * district. The cells of a district therefore tile it exactly, and the same inputs always give the same grid. The
 * names and codes are real; the township polygons' positions are not surveyed.
 */
public final class GridBuilder {

    public static final String DISTRICTS = Grid.DISTRICTS_LOCATION;
    public static final String TOWNS = "classpath:geo/guangzhou-towns-2022.csv";
    public static final String VERSION = "guangzhou-187-2022.1";

    /** A special unit at a real place; coordinates in WGS-84 (converted to the grid's GCJ-02). */
    record Special(String suffix, String name, double wgsLon, double wgsLat) {}

    static final List<Special> SPECIALS = List.of(
            new Special("S01", "白云国际机场监管单元", 113.2988, 23.3924),
            new Special("S02", "南沙港区监管单元", 113.6336, 22.6747),
            new Special("S03", "黄埔港区监管单元", 113.4330, 23.0889),
            new Special("S04", "广州开发区科学城监管单元", 113.4500, 23.1700),
            new Special("S05", "南沙明珠湾开发区监管单元", 113.5600, 22.7900),
            new Special("S06", "增城经济技术开发区监管单元", 113.7000, 23.1700),
            new Special("S07", "广州南站枢纽监管单元", 113.2690, 22.9890),
            new Special("S08", "琶洲会展监管单元", 113.3650, 23.1040),
            new Special("S09", "花都汽车城监管单元", 113.1750, 23.3600));

    /** One unit of the built grid. */
    public record Unit(String unitId, String unitName, String districtCode, String districtName, String kind,
                       Coordinate seed, Geometry polygon) {}

    record District(String code, String name, Geometry polygon) {}

    record Town(String code, String name, String districtCode) {}

    private final GeometryFactory factory = new GeometryFactory();

    /** Builds the grid from the default districts and towns. */
    public List<Unit> build() throws IOException {
        return build(districts(), towns());
    }

    List<Unit> build(List<District> districts, List<Town> towns) {
        List<Unit> units = new ArrayList<>();
        for (District d : districts) {
            PreparedGeometry inside = PreparedGeometryFactory.prepare(d.polygon());
            List<String[]> labels = new ArrayList<>(); // id, name, kind
            List<Coordinate> seeds = new ArrayList<>();
            for (Special s : SPECIALS) {
                double[] p = Gcj02.fromWgs84(s.wgsLon(), s.wgsLat());
                if (inside.contains(factory.createPoint(new Coordinate(p[0], p[1])))) {
                    seeds.add(new Coordinate(p[0], p[1]));
                    labels.add(new String[] {d.code() + s.suffix(), s.name(), "SPECIAL"});
                }
            }
            SplittableRandom random = new SplittableRandom(Long.parseLong(d.code()));
            for (Town t : towns) {
                if (t.districtCode().equals(d.code())) {
                    seeds.add(bestCandidate(d.polygon(), inside, seeds, random));
                    labels.add(new String[] {t.code(), t.name(), "TOWNSHIP"});
                }
            }
            List<Geometry> cells = cells(seeds, d.polygon());
            for (int i = 0; i < seeds.size(); i++) {
                String[] l = labels.get(i);
                units.add(new Unit(l[0], l[1], d.code(), d.name(), l[2], seeds.get(i), cells.get(i)));
            }
        }
        units.sort(java.util.Comparator.comparing(Unit::unitId));
        return units;
    }

    /** Mitchell's best candidate: of 30 random points inside the district, the farthest from the seeds so far. */
    private Coordinate bestCandidate(Geometry district, PreparedGeometry inside, List<Coordinate> seeds,
                                     SplittableRandom random) {
        Envelope e = district.getEnvelopeInternal();
        Coordinate best = null;
        double bestDistance = -1;
        for (int k = 0; k < 30; k++) {
            Coordinate c;
            do {
                c = new Coordinate(e.getMinX() + random.nextDouble() * e.getWidth(),
                        e.getMinY() + random.nextDouble() * e.getHeight());
            } while (!inside.contains(factory.createPoint(c)));
            double nearest = Double.MAX_VALUE;
            for (Coordinate s : seeds) {
                nearest = Math.min(nearest, s.distance(c));
            }
            if (nearest > bestDistance) {
                best = c;
                bestDistance = nearest;
            }
        }
        return best;
    }

    /** The Voronoi cell of each seed (same order), clipped to the district. */
    private List<Geometry> cells(List<Coordinate> seeds, Geometry district) {
        List<Geometry> cells = new ArrayList<>();
        if (seeds.size() == 1) {
            cells.add(district.copy());
            return cells;
        }
        VoronoiDiagramBuilder voronoi = new VoronoiDiagramBuilder();
        voronoi.setSites(seeds);
        Envelope clip = new Envelope(district.getEnvelopeInternal());
        clip.expandBy(0.1);
        voronoi.setClipEnvelope(clip);
        Geometry diagram = voronoi.getDiagram(factory);
        for (Coordinate seed : seeds) {
            Point p = factory.createPoint(seed);
            Geometry cell = null;
            for (int i = 0; i < diagram.getNumGeometries(); i++) {
                Geometry g = diagram.getGeometryN(i);
                if (g.getUserData() instanceof Coordinate site && site.equals2D(seed)) {
                    cell = g;
                    break;
                }
            }
            if (cell == null) {
                throw new IllegalStateException("no Voronoi cell for seed " + p);
            }
            cells.add(polygonal(cell.intersection(district)));
        }
        return cells;
    }

    /** The polygonal part of an intersection (drops stray lines and points on shared edges). */
    private Geometry polygonal(Geometry g) {
        List<Polygon> parts = new ArrayList<>();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Geometry part = g.getGeometryN(i);
            if (part instanceof Polygon poly && !poly.isEmpty()) {
                parts.add(poly);
            } else if (part instanceof org.locationtech.jts.geom.MultiPolygon mp) {
                for (int j = 0; j < mp.getNumGeometries(); j++) {
                    parts.add((Polygon) mp.getGeometryN(j));
                }
            }
        }
        return parts.size() == 1 ? parts.get(0) : factory.createMultiPolygon(parts.toArray(Polygon[]::new));
    }

    static List<District> districts() throws IOException {
        JsonNode root;
        try (InputStream in = Resources.open(DISTRICTS)) {
            root = new ObjectMapper().readTree(in);
        }
        GeometryFactory f = new GeometryFactory();
        List<District> out = new ArrayList<>();
        for (JsonNode feature : root.path("features")) {
            JsonNode p = feature.path("properties");
            out.add(new District(p.path("adcode").asText(), p.path("name").asText(),
                    Grid.geometry(feature.path("geometry"), f, DISTRICTS)));
        }
        out.sort(java.util.Comparator.comparing(District::code));
        return out;
    }

    static List<Town> towns() throws IOException {
        List<Town> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Resources.open(TOWNS), StandardCharsets.UTF_8))) {
            r.readLine(); // header: town_code,town_name,type,district_adcode,district_name,source
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    String[] f = line.split(",", 6);
                    out.add(new Town(f[0], f[1], f[3]));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(Town::code));
        return out;
    }

    /** The grid as GeoJSON, with its CRS, version and provenance. */
    public static ObjectNode toGeoJson(List<Unit> units) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("type", "FeatureCollection");
        root.put("crs", "GCJ02");
        root.put("version", VERSION);
        ObjectNode provenance = root.putObject("provenance");
        provenance.put("builtBy", "creditgrid grid build (org.creditgrid.local.grid.GridBuilder)");
        provenance.put("districts", "Aliyun DataV.GeoAtlas 440100_full.json via github.com/anzhou99/GeoJsons (GCJ-02, simplified)");
        provenance.put("towns", "NBS division codes 2022 via github.com/modood/Administrative-divisions-of-China (WTFPL)");
        provenance.put("method", "one unit per township unit plus 9 special units; Voronoi cells of seed points clipped to "
                + "each district; township seeds by best-candidate sampling seeded by the district code. Names and "
                + "codes are real, township polygon positions are derived, not surveyed.");
        ArrayNode features = root.putArray("features");
        for (Unit u : units) {
            ObjectNode f = features.addObject();
            f.put("type", "Feature");
            ObjectNode p = f.putObject("properties");
            p.put("unitId", u.unitId());
            p.put("unitName", u.unitName());
            p.put("districtCode", u.districtCode());
            p.put("districtName", u.districtName());
            p.put("kind", u.kind());
            p.putArray("seed").add(u.seed().x).add(u.seed().y);
            f.set("geometry", geometry(m, u.polygon()));
        }
        return root;
    }

    private static ObjectNode geometry(ObjectMapper m, Geometry g) {
        ObjectNode node = m.createObjectNode();
        node.put("type", "MultiPolygon");
        ArrayNode polygons = node.putArray("coordinates");
        for (int i = 0; i < g.getNumGeometries(); i++) {
            Polygon p = (Polygon) g.getGeometryN(i);
            ArrayNode rings = polygons.addArray();
            ring(rings.addArray(), p.getExteriorRing().getCoordinates());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                ring(rings.addArray(), p.getInteriorRingN(h).getCoordinates());
            }
        }
        return node;
    }

    private static void ring(ArrayNode out, Coordinate[] coordinates) {
        for (Coordinate c : coordinates) {
            out.addArray().add(c.x).add(c.y);
        }
    }

    /** Units per district, for a report on stderr. */
    public static TreeMap<String, Integer> perDistrict(List<Unit> units) {
        TreeMap<String, Integer> m = new TreeMap<>();
        units.forEach(u -> m.merge(u.districtCode() + " " + u.districtName(), 1, Integer::sum));
        return m;
    }
}
