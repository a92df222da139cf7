package org.creditgrid.local.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.creditgrid.schema.InspectionPublication;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.ResultPublication;
import org.creditgrid.schema.UnitStatistics;

/**
 * What the monitor page shows, rebuilt from the committed outputs: the latest {@code unit-stats} record of each unit,
 * district and the city (by version), the latest triggers with masked credit codes, inspection outcomes by district,
 * and the city's C+D share over event time. Each change comes back as a JSON-ready map for the page's event stream.
 * Plain Java; thread-safe (the feed writes, the server reads).
 */
public final class CityView {

    /** Triggers kept for the feed panel. */
    static final int RECENT_TRIGGERS = 40;
    /** Points kept for the C+D trend. */
    static final int TREND_POINTS = 240;

    private final Map<String, UnitStatistics> stats = new HashMap<>();
    private final Deque<Map<String, Object>> triggers = new ArrayDeque<>();
    private final Map<String, Map<String, Long>> outcomes = new TreeMap<>();
    private final Deque<Map<String, Object>> trend = new ArrayDeque<>();
    private long triggersSeen;
    private long lastRecordMs;

    /** A {@code unit-stats} record; the change to send, or null if it is not newer than what the view has. */
    public synchronized Map<String, Object> accept(UnitStatistics u, long now) {
        if (!newer(u, stats.get(u.getId()))) {
            return null;
        }
        stats.put(u.getId(), u);
        lastRecordMs = now;
        Map<String, Object> json = json(u);
        if ("city".equals(u.getId())) {
            Map<String, Object> point = Map.of("t", u.getAsOf().toEpochMilli(), "cd", u.getCdShare());
            trend.addLast(point);
            while (trend.size() > TREND_POINTS) {
                trend.removeFirst();
            }
        }
        return json;
    }

    /** An inspection trigger, as the feed shows it (credit code masked); the change to send. */
    public synchronized Map<String, Object> accept(InspectionTrigger t, long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", t.getTriggerId());
        json.put("code", mask(t.getCreditCode()));
        json.put("reason", t.getReason().name());
        json.put("urgency", t.getUrgency().name());
        json.put("eventTime", t.getEventTime().toEpochMilli());
        json.put("riskClass", t.getRiskClass() == null ? null : t.getRiskClass().name());
        json.put("unitId", t.getUnitId());
        json.put("districtCode", t.getDistrictCode());
        triggers.addFirst(json);
        while (triggers.size() > RECENT_TRIGGERS) {
            triggers.removeLast();
        }
        triggersSeen++;
        lastRecordMs = now;
        return json;
    }

    /** An inspection result ("one public"), counted by district and outcome; the district's outcomes to send. */
    public synchronized Map<String, Object> accept(InspectionPublication p, long now) {
        ResultPublication r = p.getInspection();
        if (r == null) {
            return null;
        }
        String district = r.getDistrictCode() == null ? "NONE" : r.getDistrictCode();
        outcomes.computeIfAbsent(district, d -> new TreeMap<>()).merge(r.getOutcome().name(), 1L, Long::sum);
        lastRecordMs = now;
        return Map.of("districtCode", district, "outcomes", new TreeMap<>(outcomes.get(district)));
    }

    /** Everything the page needs to draw itself at once. */
    public synchronized Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        List<Map<String, Object>> all = new ArrayList<>();
        stats.values().forEach(u -> all.add(json(u)));
        s.put("stats", all);
        s.put("triggers", new ArrayList<>(triggers));
        s.put("triggersSeen", triggersSeen);
        Map<String, Object> o = new TreeMap<>();
        outcomes.forEach((d, m) -> o.put(d, new TreeMap<>(m)));
        s.put("outcomes", o);
        s.put("trend", new ArrayList<>(trend));
        s.put("lastRecordMs", lastRecordMs);
        return s;
    }

    /** The latest record of every key (the demo's comparison). */
    public synchronized Map<String, UnitStatistics> all() {
        return new HashMap<>(stats);
    }

    /** The latest record of {@code id}, if any (tests, the summary's comparison). */
    public synchronized UnitStatistics latest(String id) {
        return stats.get(id);
    }

    /**
     * Whether {@code u} supersedes {@code had} (null: nothing yet): published later, by the processing time the job
     * stamped on it, or as late with a higher version. Not by version alone: a job started afresh on the same topics
     * counts its versions from 1 again.
     */
    public static boolean newer(UnitStatistics u, UnitStatistics had) {
        if (had == null) {
            return true;
        }
        int when = u.getUpdatedAt().compareTo(had.getUpdatedAt());
        return when > 0 || when == 0 && u.getVersion() > had.getVersion();
    }

    /**
     * A credit code as the monitor shows it: its first six characters (registration authority, kind and division)
     * and last two, the rest starred — enough to tell triggers apart, not to look an enterprise up.
     */
    static String mask(String creditCode) {
        if (creditCode == null || creditCode.length() < 10) {
            return "******";
        }
        return creditCode.substring(0, 6) + "*".repeat(creditCode.length() - 8)
                + creditCode.substring(creditCode.length() - 2);
    }

    static Map<String, Object> json(UnitStatistics u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("level", u.getLevel().name());
        m.put("id", u.getId());
        m.put("name", u.getName());
        m.put("districtCode", u.getDistrictCode());
        m.put("enterprises", u.getEnterprises());
        m.put("byClass", Map.of("A", u.getByClass().getA(), "B", u.getByClass().getB(), "C", u.getByClass().getC(),
                "D", u.getByClass().getD()));
        m.put("byPool", Map.of("PRUDENT", u.getByPool().getPrudent(), "INCLUSIVE", u.getByPool().getInclusive(),
                "GENERAL", u.getByPool().getGeneral()));
        m.put("cdShare", u.getCdShare());
        m.put("unclaimed", u.getUnclaimed());
        m.put("openClaimCases", u.getOpenClaimCases());
        m.put("triggersLastDay", u.getTriggersLastDay());
        m.put("raisedLastDay", u.getRaisedLastDay());
        m.put("loweredLastDay", u.getLoweredLastDay());
        m.put("tasks", Map.of("year", u.getTasks().getYear(), "drawn", u.getTasks().getDrawn(),
                "done", u.getTasks().getDone(), "overdue", u.getTasks().getOverdue()));
        m.put("asOf", u.getAsOf().toEpochMilli());
        m.put("version", u.getVersion());
        m.put("updatedAt", u.getUpdatedAt().toEpochMilli());
        return m;
    }
}
