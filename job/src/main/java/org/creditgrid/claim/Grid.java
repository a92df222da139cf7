package org.creditgrid.claim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.creditgrid.io.Resources;
import org.creditgrid.schema.Crs;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The territorial grid: supervision units with their polygons, in one declared CRS, and a point-in-polygon lookup.
 *
 * <p>Lookup is an STR-tree on the units' envelopes (cheap candidate match) followed by an exact test on prepared
 * geometry. Boundary rule: a point on a unit's boundary belongs to that unit ({@code covers}); a point on the shared
 * boundary of several units belongs to the one with the smallest unit id, so every point has exactly one answer.
 *
 * <p>Built once per operator instance in {@code open()}: JTS objects never enter Flink state or records.
 */
public final class Grid {

    private final String version;
    private final Crs crs;
    private final List<GridUnit> units;
    private final Map<String, GridUnit> byId;
    private final Map<String, List<GridUnit>> byDistrict;
    private final Map<String, Entry> entries = new HashMap<>();
    private final STRtree index = new STRtree();
    private final GeometryFactory factory = new GeometryFactory();

    private record Entry(GridUnit unit, PreparedGeometry geometry) {}

    private Grid(String version, Crs crs, Map<GridUnit, Geometry> polygons) {
        this.version = version;
        this.crs = crs;
        List<GridUnit> all = new ArrayList<>(polygons.keySet());
        all.sort(Comparator.comparing(GridUnit::unitId));
        this.units = Collections.unmodifiableList(all);
        this.byId = new HashMap<>();
        this.byDistrict = new HashMap<>();
        for (GridUnit unit : all) {
            byId.put(unit.unitId(), unit);
            byDistrict.computeIfAbsent(unit.districtCode(), d -> new ArrayList<>()).add(unit);
            Geometry g = polygons.get(unit);
            Entry entry = new Entry(unit, PreparedGeometryFactory.prepare(g));
            entries.put(unit.unitId(), entry);
            index.insert(g.getEnvelopeInternal(), entry);
        }
        index.build();
    }

    public String version() {
        return version;
    }

    public Crs crs() {
        return crs;
    }

    public List<GridUnit> units() {
        return units;
    }

    public Optional<GridUnit> unit(String unitId) {
        return Optional.ofNullable(byId.get(unitId));
    }

    /**
     * The ids of the units that differ between this grid and {@code newer}: added, removed, renamed, moved to another
     * district, or with a different polygon (exact vertex comparison). Everything differs when the CRS does.
     */
    public java.util.Set<String> changedUnits(Grid newer) {
        java.util.Set<String> changed = new java.util.TreeSet<>();
        java.util.Set<String> ids = new java.util.HashSet<>(byId.keySet());
        ids.addAll(newer.byId.keySet());
        for (String id : ids) {
            Entry a = entries.get(id);
            Entry b = newer.entries.get(id);
            if (a == null || b == null || crs != newer.crs || !a.unit().equals(b.unit())
                    || !a.geometry().getGeometry().equalsExact(b.geometry().getGeometry())) {
                changed.add(id);
            }
        }
        return changed;
    }

    /** The units of one district (by 6-digit division code), sorted by id; empty if the district is not in the grid. */
    public List<GridUnit> unitsOfDistrict(String districtCode) {
        return byDistrict.getOrDefault(districtCode, List.of());
    }

    /** The unit containing a point given in the grid's own CRS. */
    public Optional<GridUnit> lookup(double lon, double lat) {
        Point p = factory.createPoint(new Coordinate(lon, lat));
        GridUnit best = null;
        for (Object o : index.query(p.getEnvelopeInternal())) {
            Entry e = (Entry) o;
            if (e.geometry().covers(p) && (best == null || e.unit().unitId().compareTo(best.unitId()) < 0)) {
                best = e.unit();
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * A uniformly random point inside a unit (rejection sampling in its envelope), in the grid's CRS, as {lon, lat};
     * for generating synthetic data whose true unit is known.
     */
    public double[] randomPointIn(String unitId, java.util.random.RandomGenerator random) {
        Entry e = entries.get(unitId);
        if (e == null) {
            throw new IllegalArgumentException("no unit " + unitId);
        }
        org.locationtech.jts.geom.Envelope env = e.geometry().getGeometry().getEnvelopeInternal();
        for (int i = 0; i < 10_000; i++) {
            double lon = env.getMinX() + random.nextDouble() * env.getWidth();
            double lat = env.getMinY() + random.nextDouble() * env.getHeight();
            if (lookup(lon, lat).map(u -> u.unitId().equals(unitId)).orElse(false)) {
                return new double[] {lon, lat};
            }
        }
        throw new IllegalStateException("cannot sample a point inside unit " + unitId);
    }

    /** The unit containing a point given in any CRS: converted to the grid's CRS first. */
    public Optional<GridUnit> lookup(double lon, double lat, Crs pointCrs) {
        double[] p = convert(lon, lat, pointCrs, crs);
        return lookup(p[0], p[1]);
    }

    /** Converts (lon, lat) between CRSs; CGCS2000 is treated as WGS-84. */
    public static double[] convert(double lon, double lat, Crs from, Crs to) {
        boolean fromGcj = from == Crs.GCJ02;
        boolean toGcj = to == Crs.GCJ02;
        if (fromGcj == toGcj) {
            return new double[] {lon, lat};
        }
        return toGcj ? Gcj02.fromWgs84(lon, lat) : Gcj02.toWgs84(lon, lat);
    }

    // ---------------------------------------------------------------- loading

    /** The default grid shipped with the job. */
    /** The 187 supervision units of Guangzhou, built by {@code creditgrid grid build}. */
    public static final String DEFAULT_LOCATION = "classpath:grid/guangzhou-units-gcj02.geojson";
    /** The 11 districts (the source the units are built from; also usable as a coarse grid). */
    public static final String DISTRICTS_LOCATION = "classpath:grid/guangzhou-districts-gcj02.geojson";

    /** The grid a {@code grid-units} record carries, under that record's version. */
    public static Grid of(org.creditgrid.schema.GridVersion v) throws IOException {
        Grid g = parse(new java.io.ByteArrayInputStream(v.getGeojson().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "grid " + v.getVersion());
        return new Grid(v.getVersion(), g.crs, g.polygons());
    }

    private Map<GridUnit, Geometry> polygons() {
        Map<GridUnit, Geometry> m = new HashMap<>();
        entries.values().forEach(e -> m.put(e.unit(), e.geometry().getGeometry()));
        return m;
    }

    /** Loads a grid from a file path, or from the classpath when the location starts with {@code classpath:}. */
    public static Grid load(String location) throws IOException {
        try (InputStream in = Resources.open(location)) {
            return parse(in, location);
        }
    }

    /**
     * Parses a GeoJSON FeatureCollection of Polygon/MultiPolygon units. Unit properties: {@code unitId}, {@code unitName},
     * {@code districtCode}, {@code districtName}; a district file (properties {@code adcode}, {@code name}) is read as
     * one unit per district. The CRS is the foreign member {@code "crs": "GCJ02"|"WGS84"} (or the GeoJSON 2008 named
     * form); without one, GCJ02 is assumed, which is what Chinese map boundary files use.
     */
    public static Grid parse(InputStream in, String origin) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        if (!"FeatureCollection".equals(root.path("type").asText())) {
            throw new IOException(origin + ": not a GeoJSON FeatureCollection");
        }
        Crs crs = parseCrs(root.path("crs"), origin);
        String version = root.path("version").asText(origin);
        GeometryFactory factory = new GeometryFactory();
        Map<GridUnit, Geometry> polygons = new HashMap<>();
        for (JsonNode feature : root.path("features")) {
            JsonNode props = feature.path("properties");
            GridUnit unit;
            if (props.hasNonNull("unitId")) {
                unit = new GridUnit(props.get("unitId").asText(), props.path("unitName").asText(),
                        props.path("districtCode").asText(), props.path("districtName").asText());
            } else if (props.hasNonNull("adcode")) {
                String code = props.get("adcode").asText();
                String name = props.path("name").asText();
                unit = new GridUnit(code, name, code, name);
            } else {
                throw new IOException(origin + ": a feature has neither unitId nor adcode");
            }
            Geometry g = geometry(feature.path("geometry"), factory, origin + " unit " + unit.unitId());
            if (polygons.put(unit, g) != null) {
                throw new IOException(origin + ": unit " + unit.unitId() + " appears twice");
            }
        }
        if (polygons.isEmpty()) {
            throw new IOException(origin + ": no units");
        }
        return new Grid(version, crs, polygons);
    }

    private static Crs parseCrs(JsonNode node, String origin) throws IOException {
        if (node.isMissingNode() || node.isNull()) {
            return Crs.GCJ02;
        }
        String name = node.isTextual() ? node.asText() : node.path("properties").path("name").asText();
        String n = name.toUpperCase().replace("-", "").replace("_", "");
        if (n.contains("GCJ02")) {
            return Crs.GCJ02;
        }
        if (n.contains("WGS84") || n.contains("4326") || n.contains("CRS84") || n.contains("CGCS2000") || n.contains("4490")) {
            return Crs.WGS84;
        }
        throw new IOException(origin + ": unsupported grid CRS '" + name + "'");
    }

    public static Geometry geometry(JsonNode g, GeometryFactory f, String what) throws IOException {
        String type = g.path("type").asText();
        JsonNode coords = g.path("coordinates");
        return switch (type) {
            case "Polygon" -> polygon(coords, f, what);
            case "MultiPolygon" -> {
                List<Polygon> parts = new ArrayList<>();
                for (JsonNode p : coords) {
                    parts.add(polygon(p, f, what));
                }
                yield f.createMultiPolygon(parts.toArray(new Polygon[0]));
            }
            default -> throw new IOException(what + ": geometry type '" + type + "' is not a polygon");
        };
    }

    private static Polygon polygon(JsonNode rings, GeometryFactory f, String what) throws IOException {
        LinearRing shell = null;
        List<LinearRing> holes = new ArrayList<>();
        for (JsonNode ring : rings) {
            Coordinate[] cs = new Coordinate[ring.size()];
            for (int i = 0; i < cs.length; i++) {
                cs[i] = new Coordinate(ring.get(i).get(0).asDouble(), ring.get(i).get(1).asDouble());
            }
            if (cs.length < 4 || !cs[0].equals2D(cs[cs.length - 1])) {
                throw new IOException(what + ": a ring is not closed or has fewer than 4 points");
            }
            LinearRing r = f.createLinearRing(cs);
            if (shell == null) {
                shell = r;
            } else {
                holes.add(r);
            }
        }
        if (shell == null) {
            throw new IOException(what + ": polygon without rings");
        }
        return f.createPolygon(shell, holes.toArray(new LinearRing[0]));
    }
}
