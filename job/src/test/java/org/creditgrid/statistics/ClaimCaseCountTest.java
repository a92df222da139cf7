package org.creditgrid.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.at;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.creditgrid.internal.StatisticsDelta;
import org.creditgrid.internal.UnitStatisticsState;
import org.creditgrid.schema.ClaimReason;
import org.creditgrid.schema.ClaimRequest;
import org.creditgrid.schema.ClaimStatus;
import org.creditgrid.schema.StatisticsLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator harness (RocksDB) of the open manual-claim cases: a case counts once, in the district its latest
 * transition asks, from OPEN until CLAIMED or WITHDRAWN — also when a shared-address case is asked again in another
 * district, republished while open, or escalated; a close of a case never seen open subtracts nothing.
 */
class ClaimCaseCountTest {

    KeyedOneInputStreamOperatorTestHarness<String, ClaimRequest, StatisticsDelta> h;

    @BeforeEach
    void open() throws Exception {
        h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ClaimCaseCount()),
                ClaimRequest::getRequestId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    static ClaimRequest transition(String id, ClaimStatus status, String district) {
        return ClaimRequest.newBuilder().setRequestId(id).setCreditCode("X").setStatus(status)
                .setReason(ClaimReason.SHARED_ADDRESS).setDetail("").setAddress("").setCandidateUnits(List.of())
                .setDistrictCode(district).setEventTime(at(1)).setDeadlineProvisional(false).build();
    }

    private Map<String, Long> open(ClaimRequest... transitions) throws Exception {
        for (ClaimRequest c : transitions) {
            h.processElement(new StreamRecord<>(c));
        }
        Map<String, UnitStatisticsState> figures = new HashMap<>();
        for (StatisticsDelta d : h.extractOutputValues()) {
            assertThat(d.getLevel()).isNotEqualTo(StatisticsLevel.UNIT);
            UnitFigures.apply(figures.computeIfAbsent(d.getId(), k -> UnitFigures.empty(d)), d);
        }
        Map<String, Long> open = new HashMap<>();
        figures.forEach((id, s) -> open.put(id, s.getFigures().getOpenClaimCases()));
        return open;
    }

    @Test
    void aCaseAskedAgainInAnotherDistrictMovesThereAndLeavesNothingBehindWhenWithdrawn() throws Exception {
        assertThat(open(transition("R1", ClaimStatus.OPEN, "440106"),
                transition("R1", ClaimStatus.OPEN, "440111"), // re-asked where the displaced claim now lies
                transition("R1", ClaimStatus.OPEN, "440111"), // republished, same place: counted once
                transition("R1", ClaimStatus.ESCALATED, "440111")))
                .containsEntry("440106", 0L).containsEntry("440111", 1L).containsEntry("city", 1L);
        h.getOutput().clear();
        assertThat(open(transition("R1", ClaimStatus.WITHDRAWN, "440111"))).containsEntry("440111", -1L)
                .containsEntry("city", -1L); // the -1 that balances the +1 above
    }

    @Test
    void aCaseClosedThatWasNeverSeenOpenSubtractsNothing() throws Exception {
        assertThat(open(transition("R2", ClaimStatus.CLAIMED, "440106"))).isEmpty();
        assertThat(open(transition("R3", ClaimStatus.RETURNED, null))).containsEntry("city", 1L)
                .doesNotContainKey("440106");
    }
}
