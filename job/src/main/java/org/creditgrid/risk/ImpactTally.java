package org.creditgrid.risk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.creditgrid.internal.PublishedProfile;
import org.creditgrid.schema.ImpactExample;
import org.creditgrid.schema.RulesImpact;

/**
 * Counts what a candidate rules version would change: enterprises evaluated, class moves by transition, pool and
 * district, and a few examples. Parts computed in parallel are merged with {@link #merge}.
 */
public final class ImpactTally {

    static final int EXAMPLES = 10;

    private long enterprises;
    private long moved;
    private final Map<String, Long> transitions = new TreeMap<>();
    private final Map<String, Long> byPool = new TreeMap<>();
    private final Map<String, Long> byDistrict = new TreeMap<>();
    private final List<ImpactExample> examples = new ArrayList<>();

    /** One enterprise: its published profile (under the rules in force) and the candidate's assessment. */
    public void add(String creditCode, PublishedProfile current, Assessment candidate) {
        enterprises++;
        if (candidate.riskClass() == current.getRiskClass()) {
            return;
        }
        moved++;
        transitions.merge(current.getRiskClass() + "->" + candidate.riskClass(), 1L, Long::sum);
        byPool.merge(current.getPool().name(), 1L, Long::sum);
        byDistrict.merge(current.getDistrictCode() == null ? "unclaimed" : current.getDistrictCode(), 1L, Long::sum);
        if (examples.size() < EXAMPLES) {
            examples.add(new ImpactExample(creditCode, current.getRiskClass(), candidate.riskClass(),
                    current.getScore(), candidate.score()));
        }
    }

    public RulesImpact toRecord(String version, String baseVersion, Instant at) {
        return new RulesImpact(version, baseVersion, enterprises, moved, new TreeMap<>(transitions),
                new TreeMap<>(byPool), new TreeMap<>(byDistrict), new ArrayList<>(examples), at);
    }

    /** Adds a part computed elsewhere to {@code into}. */
    public static RulesImpact merge(RulesImpact into, RulesImpact part) {
        into.setEnterprises(into.getEnterprises() + part.getEnterprises());
        into.setMoved(into.getMoved() + part.getMoved());
        part.getTransitions().forEach((k, v) -> into.getTransitions().merge(k, v, Long::sum));
        part.getMovedByPool().forEach((k, v) -> into.getMovedByPool().merge(k, v, Long::sum));
        part.getMovedByDistrict().forEach((k, v) -> into.getMovedByDistrict().merge(k, v, Long::sum));
        into.getExamples().addAll(part.getExamples());
        return into;
    }
}
