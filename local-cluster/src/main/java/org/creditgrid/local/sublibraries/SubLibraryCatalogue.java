package org.creditgrid.local.sublibraries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.creditgrid.claim.Grid;
import org.creditgrid.claim.GridUnit;
import org.creditgrid.schema.Licence;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.Qualification;
import org.creditgrid.supervision.PoolRules;
import org.creditgrid.supervision.SubLibraries;

/**
 * Builds the default inspection-object sub-libraries. No public list exists, so the catalogue is derived, the same
 * way every time: 164 object types of the departments — market regulation for each of the 97 GB/T 4754-2017
 * divisions; the sector department of each of the 20 sections; each of the 7 licences for its licensing department
 * and for market regulation; each key-field industry of the pool rules for market regulation and for its sector
 * department; each supervision pool; each qualification — each in 12 scopes (the whole city and its 11 districts):
 * 1,968 definitions, against Guangzhou's 1,912.
 */
public final class SubLibraryCatalogue {

    /** GB/T 4754-2017 sections, with their first and last division. */
    static final Object[][] SECTIONS = {
        {"A", 1, 5, "AGRICULTURE"}, {"B", 6, 12, "NATURAL-RESOURCES"}, {"C", 13, 43, "INDUSTRY-IT"},
        {"D", 44, 46, "DEVELOPMENT-REFORM"}, {"E", 47, 50, "HOUSING"}, {"F", 51, 52, "COMMERCE"},
        {"G", 53, 60, "TRANSPORT"}, {"H", 61, 62, "COMMERCE"}, {"I", 63, 65, "INDUSTRY-IT"},
        {"J", 66, 69, "FINANCE"}, {"K", 70, 70, "HOUSING"}, {"L", 71, 72, "COMMERCE"},
        {"M", 73, 75, "SCIENCE-TECH"}, {"N", 76, 79, "ECOLOGY-ENVIRONMENT"}, {"O", 80, 82, "COMMERCE"},
        {"P", 83, 83, "EDUCATION"}, {"Q", 84, 85, "HEALTH"}, {"R", 86, 90, "CULTURE-TOURISM"},
        {"S", 91, 96, "CIVIL-AFFAIRS"}, {"T", 97, 97, "CIVIL-AFFAIRS"}};

    static final Map<Licence, String> LICENSING = Map.of(Licence.FOOD, "SAMR-FOOD", Licence.DRUG, "DRUG-ADMIN",
            Licence.MEDICAL_DEVICE, "DRUG-ADMIN", Licence.SPECIAL_EQUIPMENT, "SAMR-SPECIAL-EQUIPMENT",
            Licence.HAZARDOUS_CHEMICALS, "EMERGENCY-MANAGEMENT", Licence.PUBLIC_HEALTH, "HEALTH",
            Licence.ROAD_TRANSPORT, "TRANSPORT");

    private SubLibraryCatalogue() {}

    /** The type of object, before it is multiplied by scope. */
    private record ObjectType(String department, String name, List<String> prefixes, List<Licence> licences,
                              List<Qualification> qualifications, List<Pool> pools) {}

    public static SubLibraries.Catalogue build() throws IOException {
        List<ObjectType> types = new ArrayList<>();
        for (Object[] s : SECTIONS) {
            String section = (String) s[0];
            for (int d = (Integer) s[1]; d <= (Integer) s[2]; d++) {
                String division = section + String.format(Locale.ROOT, "%02d", d);
                types.add(new ObjectType("SAMR", "division " + division + " enterprises", List.of(division),
                        List.of(), List.of(), List.of()));
            }
            types.add(new ObjectType((String) s[3], "section " + section + " enterprises", List.of(section),
                    List.of(), List.of(), List.of()));
        }
        for (Licence l : Licence.values()) {
            types.add(new ObjectType(LICENSING.get(l), l + " licence holders", List.of(), List.of(l), List.of(),
                    List.of()));
            types.add(new ObjectType("SAMR", l + " licence holders", List.of(), List.of(l), List.of(), List.of()));
        }
        PoolRules pools = PoolRules.load(PoolRules.DEFAULT_LOCATION);
        for (Map.Entry<String, String> k : new java.util.TreeMap<>(pools.prudent().industryPrefixes()).entrySet()) {
            String sector = sectorDepartment(k.getKey().substring(0, 1));
            types.add(new ObjectType("SAMR", "key field: " + k.getValue(), List.of(k.getKey()), List.of(), List.of(),
                    List.of()));
            types.add(new ObjectType(sector, "key field: " + k.getValue(), List.of(k.getKey()), List.of(), List.of(),
                    List.of()));
        }
        for (Pool p : Pool.values()) {
            types.add(new ObjectType("SAMR", p + " pool", List.of(), List.of(), List.of(), List.of(p)));
        }
        for (Qualification q : Qualification.values()) {
            types.add(new ObjectType("SCIENCE-TECH", q + " enterprises", List.of(), List.of(), List.of(q), List.of()));
        }
        List<String> scopes = new ArrayList<>();
        scopes.add(null);
        for (GridUnit district : Grid.load(Grid.DISTRICTS_LOCATION).units()) {
            scopes.add(district.districtCode());
        }
        List<SubLibraries.Definition> definitions = new ArrayList<>();
        int n = 0;
        for (ObjectType t : types) {
            for (String scope : scopes) {
                definitions.add(new SubLibraries.Definition(String.format(Locale.ROOT, "SL%04d", ++n), t.department(),
                        t.name() + (scope == null ? ", city-wide" : ", district " + scope), t.prefixes(),
                        t.licences(), t.qualifications(), scope == null ? List.of() : List.of(scope), t.pools()));
            }
        }
        return new SubLibraries.Catalogue("guangzhou-2026.11-1", "Derived by creditgrid sublibraries build "
                + "(SubLibraryCatalogue): " + types.size() + " object types of the departments x (the city + "
                + (scopes.size() - 1) + " districts); see the class for the object types.", definitions);
    }

    static String sectorDepartment(String section) {
        for (Object[] s : SECTIONS) {
            if (s[0].equals(section)) {
                return (String) s[3];
            }
        }
        throw new IllegalArgumentException(section);
    }

    public static void write(SubLibraries.Catalogue c, Path out) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), c);
    }
}
