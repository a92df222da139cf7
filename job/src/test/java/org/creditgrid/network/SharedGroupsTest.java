package org.creditgrid.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.creditgrid.internal.GroupSignal;
import org.creditgrid.internal.Membership;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operator harness: the members of a group, their flags, and who is told what. */
class SharedGroupsTest {

    static final String ADDRESS = "A|天河区天河路1号";
    static final String REP = "R|LR1";

    KeyedOneInputStreamOperatorTestHarness<String, Membership, GroupSignal> h;

    @BeforeEach
    void open() throws Exception {
        h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new SharedGroups()),
                Membership::getGroup, Types.STRING);
        h.open();
    }

    @AfterEach
    void close() throws Exception {
        h.close();
    }

    private List<GroupSignal> send(String group, String member, boolean present, boolean flagged, long time)
            throws Exception {
        h.getOutput().clear();
        h.processElement(new StreamRecord<>(new Membership(group, member, present, flagged, time)));
        return h.extractOutputValues();
    }

    @Test
    void everyMemberLearnsHowManyShareTheAddress() throws Exception {
        for (int i = 1; i <= 9; i++) {
            send(ADDRESS, "E" + i, true, false, i);
        }
        List<GroupSignal> tenth = send(ADDRESS, "E10", true, false, 10);
        assertThat(tenth).hasSize(10).allSatisfy(s -> assertThat(s.getMembers()).isEqualTo(10));
        assertThat(tenth).extracting(GroupSignal::getMember).contains("E1", "E10");

        List<GroupSignal> leaving = send(ADDRESS, "E3", false, false, 11);
        assertThat(leaving).hasSize(9).allSatisfy(s -> assertThat(s.getMembers()).isEqualTo(9))
                .extracting(GroupSignal::getMember).doesNotContain("E3");
    }

    @Test
    void aRepeatedOrOlderChangeTellsNoOneElse() throws Exception {
        send(ADDRESS, "E1", true, false, 5);
        send(ADDRESS, "E2", true, false, 5);
        assertThat(send(ADDRESS, "E2", true, false, 5)).extracting(GroupSignal::getMember).containsExactly("E2");
        assertThat(send(ADDRESS, "E2", false, false, 1)).as("older than what is known").isEmpty();
        assertThat(send(ADDRESS, "E9", false, false, 9)).as("never a member").isEmpty();
    }

    @Test
    void aFlaggedMemberIsReportedToTheOthersButNotToItself() throws Exception {
        send(REP, "E1", true, false, 1);
        send(REP, "E2", true, false, 1);
        List<GroupSignal> flagged = send(REP, "E1", true, true, 2);
        assertThat(flagged).extracting(GroupSignal::getMember, GroupSignal::getFlaggedOthers)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("E2", 1),
                        org.assertj.core.groups.Tuple.tuple("E1", 0));
        List<GroupSignal> cleared = send(REP, "E1", true, false, 3);
        assertThat(cleared).filteredOn(s -> s.getMember().equals("E2"))
                .extracting(GroupSignal::getFlaggedOthers).containsExactly(0);
    }

    @Test
    void beyondTheExactRangeOnlyTheJoinerIsTold() throws Exception {
        for (int i = 1; i <= SharedGroups.EXACT_UP_TO; i++) {
            send(ADDRESS, "E" + i, true, false, i);
        }
        List<GroupSignal> more = send(ADDRESS, "X", true, false, 100);
        assertThat(more).extracting(GroupSignal::getMember, GroupSignal::getMembers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("X", SharedGroups.EXACT_UP_TO));
    }

    @Test
    void anEmptyGroupKeepsNoState() throws Exception {
        send(ADDRESS, "E1", true, false, 1);
        send(ADDRESS, "E1", false, false, 2);
        assertThat(h.numKeyedStateEntries()).isZero();
    }
}
