package org.creditgrid.statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.creditgrid.metrics.LabelledCounters;
import org.creditgrid.schema.ClassCounts;
import org.creditgrid.schema.StatisticsLevel;
import org.creditgrid.schema.UnitStatistics;

/**
 * Gauges of the districts' and the city's latest published figures, under the operator's {@code creditgrid} group:
 * {@code enterprises{district, class}}, {@code open_claim_cases{district}}, {@code city_enterprises{class}},
 * {@code city_open_claim_cases}, {@code city_unclaimed} (in Prometheus: {@code …creditgrid_district_class_enterprises}
 * and so on, docs/monitoring.md). They read the records this
 * subtask last published, which {@link UnitStatisticsFunction} checkpoints and restores with its keys, so a gauge
 * reads after a restart what it read before. Units are left to the {@code unit-stats} topic (187 of them, each with
 * eleven figures, is a changelog's job, not a scrape's).
 */
final class StatisticsGauges {

    private static final String[] CLASSES = {"A", "B", "C", "D"};

    private final MetricGroup group;
    private final Map<String, UnitStatistics> latest = new ConcurrentHashMap<>();

    StatisticsGauges(MetricGroup operatorGroup) {
        this.group = operatorGroup.addGroup("creditgrid");
    }

    /** Keeps {@code r} if it is a district's or the city's, registering its gauges the first time its key is seen. */
    void update(UnitStatistics r) {
        if (r.getLevel() == StatisticsLevel.UNIT) {
            return;
        }
        if (latest.put(r.getId(), r) == null) {
            register(r.getLevel(), r.getId());
        }
    }

    /** The record the gauges of {@code id} read, or null (tests). */
    UnitStatistics read(String id) {
        return latest.get(id);
    }

    /** The records the gauges read, to checkpoint. */
    List<UnitStatistics> snapshot() {
        return new ArrayList<>(latest.values());
    }

    private void register(StatisticsLevel level, String id) {
        boolean city = level == StatisticsLevel.CITY;
        MetricGroup place = city ? group : group.addGroup("district",
                LabelledCounters.label("district", id, LabelledCounters.Labels.none()));
        String prefix = city ? "city_" : ""; // a district's are named by their district label already
        for (String c : CLASSES) {
            place.addGroup("class", c).gauge(prefix + "enterprises", gauge(id, r -> byClass(r.getByClass(), c)));
        }
        place.gauge(prefix + "open_claim_cases", gauge(id, UnitStatistics::getOpenClaimCases));
        if (city) {
            place.gauge("city_unclaimed", gauge(id, UnitStatistics::getUnclaimed));
        }
    }

    private Gauge<Long> gauge(String id, ToLongFunction<UnitStatistics> figure) {
        return () -> {
            UnitStatistics r = latest.get(id);
            return r == null ? 0L : figure.applyAsLong(r);
        };
    }

    private static long byClass(ClassCounts counts, String c) {
        return switch (c) {
            case "A" -> counts.getA();
            case "B" -> counts.getB();
            case "C" -> counts.getC();
            default -> counts.getD();
        };
    }
}
