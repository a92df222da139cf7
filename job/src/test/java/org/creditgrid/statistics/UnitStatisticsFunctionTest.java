package org.creditgrid.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.creditgrid.internal.CountedAs;
import org.creditgrid.internal.ProfileMove;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.schema.InspectionTrigger;
import org.creditgrid.schema.Pool;
import org.creditgrid.schema.RiskClass;
import org.creditgrid.schema.TriggerReason;
import org.creditgrid.schema.UnitStatistics;
import org.creditgrid.schema.Urgency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator harness of the unit statistics: a key publishes at most once per interval of processing time and only
 * when a figure changed, with consecutive versions; the last-day figures fall as the watermark moves on, without new
 * input; the figures and the pending publication survive a restore.
 */
class UnitStatisticsFunctionTest {

    static final String UNIT = "440106001";
    static final String DISTRICT = "440106";

    KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> h;

    @BeforeEach
    void open() throws Exception {
        h = harness();
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    /** On RocksDB, as the job runs: every state read is a fresh deserialised copy (the heap backend's is not). */
    static KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new UnitStatisticsFunction(Duration.ofSeconds(2))),
                        StatisticsDelta::getId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    static ProfileMove arrives(RiskClass c, Pool p, Instant t) {
        return new ProfileMove(t.toEpochMilli(), null, new CountedAs(UNIT, "天河南街道", DISTRICT, "天河区", c, p, null), 0);
    }

    static InspectionTrigger trigger(Instant t) {
        return InspectionTrigger.newBuilder().setTriggerId("T" + t).setCreditCode("X").setReason(TriggerReason.COMPLAINT)
                .setUrgency(Urgency.ROUTINE).setEventTime(t).setRiskClass(RiskClass.B).setPool(Pool.GENERAL)
                .setUnitId(UNIT).setDistrictCode(DISTRICT).setDepartment("SAMR").build();
    }

    private void send(List<StatisticsDelta> deltas) throws Exception {
        for (StatisticsDelta d : deltas) {
            h.processElement(new StreamRecord<>(d));
        }
    }

    private List<UnitStatistics> published(String id) {
        return h.extractOutputValues().stream().filter(u -> u.getId().equals(id)).toList();
    }

    @Test
    void eachKeyPublishesAtMostOncePerIntervalAndOnlyWhenSomethingChanged() throws Exception {
        h.setProcessingTime(1_000);
        send(StatisticsDeltas.of(arrives(RiskClass.C, Pool.GENERAL, at(1))));
        send(StatisticsDeltas.of(arrives(RiskClass.A, Pool.PRUDENT, at(1))));
        assertThat(h.extractOutputValues()).as("not before the interval").isEmpty();
        h.setProcessingTime(3_000);
        assertThat(h.extractOutputValues()).hasSize(3); // unit, district, city
        UnitStatistics unit = published(UNIT).get(0);
        assertThat(unit.getLevel()).isEqualTo(org.creditgrid.schema.StatisticsLevel.UNIT);
        assertThat(unit.getName()).isEqualTo("天河南街道");
        assertThat(unit.getDistrictCode()).isEqualTo(DISTRICT);
        assertThat(unit.getEnterprises()).isEqualTo(2);
        assertThat(unit.getByClass().getC()).isEqualTo(1);
        assertThat(unit.getByPool().getPrudent()).isEqualTo(1);
        assertThat(unit.getCdShare()).isEqualTo(0.5);
        assertThat(unit.getVersion()).isEqualTo(1);
        assertThat(unit.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(3_000));
        assertThat(published(DISTRICT).get(0).getName()).isEqualTo("天河区");
        h.setProcessingTime(10_000);
        assertThat(h.extractOutputValues()).as("nothing changed: nothing published").hasSize(3);
        send(StatisticsDeltas.of(new ProfileMove(at(2).toEpochMilli(),
                new CountedAs(UNIT, null, DISTRICT, null, RiskClass.C, Pool.GENERAL, null), null, 0)));
        h.setProcessingTime(12_000);
        List<UnitStatistics> units = published(UNIT);
        assertThat(units).hasSize(2);
        assertThat(units.get(1).getVersion()).isEqualTo(2);
        assertThat(units.get(1).getEnterprises()).isEqualTo(1);
        assertThat(units.get(1).getCdShare()).isZero();
    }

    @Test
    void theLastDayFiguresFallAsTheWatermarkMovesOnWithoutNewInput() throws Exception {
        h.setProcessingTime(0);
        send(StatisticsDeltas.of(trigger(at(10))));
        h.setProcessingTime(2_000);
        assertThat(published(UNIT)).singleElement().satisfies(u -> {
            assertThat(u.getTriggersLastDay()).isEqualTo(1);
            assertThat(u.getAsOf()).isEqualTo(at(10));
        });
        send(StatisticsDeltas.of(trigger(at(9)))); // a day before: out of the window at once, dropped
        h.setProcessingTime(4_000);
        assertThat(published(UNIT)).as("nothing new in the window").hasSize(1);
        h.processWatermark(at(10).plus(Duration.ofHours(23)).toEpochMilli());
        h.setProcessingTime(30_000);
        assertThat(published(UNIT)).as("still in the window: nothing new").hasSize(1);
        h.processWatermark(at(10).plus(Duration.ofHours(24)).toEpochMilli());
        h.setProcessingTime(60_000);
        assertThat(published(UNIT)).hasSize(2);
        assertThat(published(UNIT).get(1).getTriggersLastDay()).isZero();
        assertThat(published(UNIT).get(1).getVersion()).isEqualTo(2);
        assertThat(h.numProcessingTimeTimers()).as("nothing left to fall out of the window").isZero();
    }

    @Test
    void theFiguresAndAPendingPublicationSurviveARestore() throws Exception {
        h.setProcessingTime(0);
        send(StatisticsDeltas.of(arrives(RiskClass.D, Pool.PRUDENT, at(1))));
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        h = harness();
        h.setup();
        h.initializeState(snapshot);
        h.open();
        h.setProcessingTime(5_000);
        assertThat(published(UNIT)).singleElement().satisfies(u -> {
            assertThat(u.getEnterprises()).isEqualTo(1);
            assertThat(u.getByClass().getD()).isEqualTo(1);
            assertThat(u.getVersion()).isEqualTo(1);
        });
    }

    /**
     * The metrics' gauges read the districts' and the city's last records, kept in operator state: after a restore
     * at parallelism 2 from a snapshot at 1, each key's record is back, in the one subtask that now owns the key.
     */
    @Test
    void theGaugesReadAfterARestoreWhatTheyReadBeforeAtAnyParallelism() throws Exception {
        UnitStatisticsFunction before = new UnitStatisticsFunction(Duration.ofSeconds(2));
        KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> one = harness(before, 1, 0);
        one.open();
        one.setProcessingTime(0);
        for (StatisticsDelta d : StatisticsDeltas.of(arrives(RiskClass.D, Pool.PRUDENT, at(1)))) {
            one.processElement(new StreamRecord<>(d));
        }
        for (StatisticsDelta d : StatisticsDeltas.of(new ProfileMove(at(2).toEpochMilli(), null,
                new CountedAs("440113001", null, "440113", "番禺区", RiskClass.A, Pool.GENERAL, null), 0))) {
            one.processElement(new StreamRecord<>(d));
        }
        one.setProcessingTime(5_000);
        assertThat(before.gauges().read(DISTRICT).getByClass().getD()).isEqualTo(1);
        assertThat(before.gauges().read("city").getEnterprises()).isEqualTo(2);
        assertThat(before.gauges().read(UNIT)).as("units are not gauged").isNull();
        OperatorSubtaskState snapshot = one.snapshot(1, 6_000);
        one.close();

        java.util.Map<String, Integer> owner = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            UnitStatisticsFunction after = new UnitStatisticsFunction(Duration.ofSeconds(2));
            KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> two = harness(after, 2, i);
            two.setup();
            two.initializeState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                    .repartitionOperatorState(snapshot, 128, 1, 2, i));
            two.open();
            for (String id : List.of(DISTRICT, "440113", "city")) {
                UnitStatistics r = after.gauges().read(id);
                if (r != null) {
                    assertThat(owner.put(id, i)).as("%s restored once", id).isNull();
                    assertThat(r).isEqualTo(before.gauges().read(id));
                    assertThat(org.apache.flink.runtime.state.KeyGroupRangeAssignment
                            .assignKeyToParallelOperator(id, 128, 2)).isEqualTo(i);
                }
            }
            two.close();
        }
        assertThat(owner).containsOnlyKeys(DISTRICT, "440113", "city");
    }

    static KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> harness(
            UnitStatisticsFunction f, int parallelism, int subtask) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, StatisticsDelta, UnitStatistics> h =
                new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(f), StatisticsDelta::getId,
                        Types.STRING, 128, parallelism, subtask);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }
}
