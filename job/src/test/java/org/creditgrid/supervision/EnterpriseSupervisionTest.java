package org.creditgrid.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.creditgrid.Fixtures.T0;
import static org.creditgrid.Fixtures.at;
import static org.creditgrid.Fixtures.code;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.creditgrid.Fixtures;
import org.creditgrid.claim.ClaimModel;
import org.creditgrid.claim.Grid;
import org.creditgrid.internal.Control;
import org.creditgrid.internal.EnterpriseInput;
import org.creditgrid.internal.EnterpriseState;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.EnterpriseProfile;
import org.creditgrid.schema.EnterpriseRegistration;
import org.creditgrid.schema.InspectionTask;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import org.junit.jupiter.api.Test;

/** Operator harness: keyed state per enterprise, and a broadcast plan visiting every key. */
class EnterpriseSupervisionTest {

    private static KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, Control, EnterpriseProfile> harness()
            throws Exception {
        KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, Control, EnterpriseProfile> h =
                ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                        Supervisors.operator(),
                        i -> i.getRegistration() != null ? i.getRegistration().getCreditCode()
                                : i.getEvent().getCreditCode(),
                        Types.STRING, EnterpriseSupervision.PLANS, EnterpriseSupervision.RULES, EnterpriseSupervision.GRID,
                        EnterpriseSupervision.INSPECTORS);
        return h;
    }

    private static EnterpriseInput registration(String code) throws Exception {
        EnterpriseRegistration r = Fixtures.registration(code, T0, Fixtures.TIANHE);
        return EnterpriseInput.newBuilder().setRegistration(r)
                .setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(r)).build();
    }

    /** The core value of {@code key}, as the backend holds it (the whole enterprise in earlier releases). */
    @SuppressWarnings("unchecked")
    private static ValueState<EnterpriseState> stateBackendValue(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> h,
                                                                 String key) throws Exception {
        KeyedStateBackend<String> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(key);
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                EnterpriseSupervision.STATE);
    }

    /** The enterprise of {@code key} as the operator's store gives it back, from every part of its state. */
    private static EnterpriseState stateOf(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> h, String key)
            throws Exception {
        KeyedStateBackend<String> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(key);
        return new EnterpriseStore(new EnterpriseStore.Access() {
            @Override
            public <T> ValueState<T> state(ValueStateDescriptor<T> d) {
                try {
                    return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, d);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }).load();
    }

    @Test
    void keepsOneStateEntryPerEnterpriseAndPublishesItsProfile() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(registration(code(1)), T0.toEpochMilli()));
            h.processElement(new StreamRecord<>(registration(code(2)), T0.toEpochMilli()));
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder()
                    .setEvent(Fixtures.complaint(code(1), "c1", at(1))).build(), at(1).toEpochMilli()));

            assertThat(h.extractOutputValues()).extracting(EnterpriseProfile::getCreditCode)
                    .containsExactly(code(1), code(2));
            EnterpriseState one = stateOf(h, code(1));
            assertThat(one.getRegistration().getCreditCode()).isEqualTo(code(1));
            assertThat(one.getLedger()).hasSize(1);
            assertThat(one.getPublished().getVersion()).isEqualTo(1);
            assertThat(stateOf(h, code(2)).getLedger()).isEmpty();
            assertThat(stateOf(h, code(3))).isNull();
            assertThat(h.getSideOutput(EnterpriseSupervision.TRIGGERS)).hasSize(1);
        }
    }

    @Test
    void expiryIsATimerThatFiresOnTheWatermarkAndLeavesNoTimerOrStateBehind() throws Exception {
        try (var h = harness()) {
            String code = code(1);
            h.processElement(new StreamRecord<>(registration(code), T0.toEpochMilli()));
            assertThat(h.numEventTimeTimers()).isZero(); // a clean old enterprise: nothing is due
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setEvent(
                    Fixtures.fine(code, "p1", at(1), 50_000, org.creditgrid.schema.PenaltyField.FOOD, true)).build(),
                    at(1).toEpochMilli()));
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setEvent(
                    Fixtures.fine(code, "p2", at(1), 50_000, org.creditgrid.schema.PenaltyField.FOOD, false)).build(),
                    at(1).toEpochMilli()));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            assertThat(stateOf(h, code).getTimer()).isEqualTo(at(1 + 1096).toEpochMilli());
            assertThat(h.extractOutputValues()).last().extracting(EnterpriseProfile::getRiskClass)
                    .isEqualTo(org.creditgrid.schema.RiskClass.B);

            h.watermark(at(1 + 1094).toEpochMilli());
            assertThat(h.extractOutputValues()).hasSize(3); // not yet
            h.watermark(at(1 + 1096).toEpochMilli());
            EnterpriseProfile expired = h.extractOutputValues().get(3);
            assertThat(expired.getRiskClass()).isEqualTo(org.creditgrid.schema.RiskClass.A);
            assertThat(expired.getScore()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();

            EnterpriseRegistration gone = Fixtures.registration(code, at(1200), Fixtures.TIANHE);
            gone.setEventId(code + "-R9");
            gone.setChange(org.creditgrid.schema.RegistrationChange.DEREGISTERED);
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(gone)
                    .setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(gone)).build(), at(1200).toEpochMilli()));
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            h.watermark(at(1200 + 180).toEpochMilli());
            assertThat(stateOf(h, code)).isNull();
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.getSideOutput(EnterpriseSupervision.TOMBSTONES)).extracting(StreamRecord::getValue)
                    .containsExactly(code);
        }
    }

    @Test
    void aCandidateIsReportedWithoutChangingAnythingAndActivationRescoresEveryone() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 20; i++) { // even: restaurants (4 points, B); odd: shops (0 points, A)
                EnterpriseRegistration r = i % 2 == 0 ? Fixtures.restaurant(code(i), T0)
                        : Fixtures.registration(code(i), T0, Fixtures.TIANHE);
                h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(r)
                        .setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(r)).build(), T0.toEpochMilli()));
            }
            int published = h.extractOutputValues().size();
            EnterpriseState before = EnterpriseState.newBuilder(stateOf(h, code(0))).build(); // a deep copy

            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder()
                    .setRules(Fixtures.rulesVersion("v2", 5, org.creditgrid.schema.RulesState.CANDIDATE)).build(), 0L));
            assertThat(h.extractOutputValues()).hasSize(published); // the shadow changes no profile
            assertThat(stateOf(h, code(0))).isEqualTo(before);
            var impact = h.getSideOutput(EnterpriseSupervision.IMPACT).poll().getValue().getImpact();
            assertThat(impact.getVersion()).isEqualTo("v2");
            assertThat(impact.getBaseVersion()).isEqualTo("2026.12-1");
            assertThat(impact.getEnterprises()).isEqualTo(20);
            assertThat(impact.getMoved()).isEqualTo(10);
            assertThat(impact.getTransitions()).containsEntry("B->A", 10L);
            assertThat(h.getSideOutput(EnterpriseSupervision.AUDIT)).extracting(r -> r.getValue().getState())
                    .containsExactly(org.creditgrid.schema.RulesState.CANDIDATE);

            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder()
                    .setRules(Fixtures.rulesVersion("v2", 5, org.creditgrid.schema.RulesState.ACTIVE)).build(), 0L));
            List<EnterpriseProfile> rescored = h.extractOutputValues().subList(published, h.extractOutputValues().size());
            // Only the ten whose class changed are republished, under the new version.
            assertThat(rescored).hasSize(10).allSatisfy(p -> {
                assertThat(p.getRulesVersion()).isEqualTo("v2");
                assertThat(p.getRiskClass()).isEqualTo(org.creditgrid.schema.RiskClass.A);
                assertThat(p.getIndustryCode()).isEqualTo("H6210");
            });
            assertThat(h.getBroadcastState(EnterpriseSupervision.RULES).get("active").getVersion()).isEqualTo("v2");

            // New input is scored by the version in force.
            EnterpriseRegistration late = Fixtures.restaurant(code(99), at(1));
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(late)
                    .setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(late)).build(), at(1).toEpochMilli()));
            EnterpriseProfile last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
            assertThat(last.getRulesVersion()).isEqualTo("v2");
            assertThat(last.getRiskClass()).isEqualTo(org.creditgrid.schema.RiskClass.A); // 4 points, B from 5
        }
    }

    @Test
    void aBroadcastPlanDrawsFromEveryEnterpriseOnceAndIsRemembered() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 200; i++) {
                h.processElement(new StreamRecord<>(registration(code(i)), T0.toEpochMilli()));
            }
            SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10))
                    .setPeriodStart(at(10)).setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR", "PRICE", null)))
                    .setRatios(new ClassRatios(0.25, 0.25, 1.0, 1.0)).setSeed(11).setTaskDeadline(at(40)).build();
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(), at(10).toEpochMilli()));

            List<InspectionTask> tasks = h.getSideOutput(EnterpriseSupervision.TASKS).stream()
                    .map(StreamRecord::getValue).toList();
            long expected = java.util.stream.IntStream.range(0, 200)
                    .filter(i -> SamplingDraw.uniform(11, code(i)) < 0.25).count();
            assertThat(tasks).hasSize((int) expected);
            assertThat(expected).isBetween(30L, 70L);
            assertThat(h.getBroadcastState(EnterpriseSupervision.PLANS).contains("P1")).isTrue();
            assertThat(h.getSideOutput(EnterpriseSupervision.PUBLICATIONS)).singleElement().satisfies(r -> {
                var p = r.getValue().getPublication();
                assertThat(p.getEligible().get("A")).isEqualTo(200L); // every fixture enterprise is class A
                assertThat(p.getDrawn().get("A")).isEqualTo(expected);
                assertThat(p.getSeed()).isEqualTo(11L);
            });

            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(), at(11).toEpochMilli()));
            assertThat(h.getSideOutput(EnterpriseSupervision.TASKS)).hasSize((int) expected); // not drawn twice
        }
    }

    @Test
    void theInspectorLibraryIsAChangelogAndEveryDrawnTaskIsStaffedFromItsLatestRecords() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 200; i++) {
                h.processElement(new StreamRecord<>(registration(code(i)), T0.toEpochMilli()));
            }
            String district = stateOf(h, code(0)).getPublished().getDistrictCode();
            for (int i = 0; i < 6; i++) {
                h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setInspector(
                        InspectorLibraryTest.fit("I" + i, "SAMR", "U" + i, district, "PRICE_INSPECTOR")).build(),
                        T0.toEpochMilli()));
            }
            // I0 retires and I1 declares a conflict with the first enterprise: the latest record is the one in force
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setInspector(InspectorLibraryTest.inspector(
                    "I0", "SAMR", "U0", district, List.of("PRICE_INSPECTOR"), at(400),
                    org.creditgrid.schema.InspectorStatus.RETIRED, List.of())).build(), T0.toEpochMilli()));
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setInspector(InspectorLibraryTest.inspector(
                    "I1", "SAMR", "U1", district, List.of("PRICE_INSPECTOR"), at(400),
                    org.creditgrid.schema.InspectorStatus.ACTIVE, List.of(code(0)))).build(), T0.toEpochMilli()));
            assertThat(h.getBroadcastState(EnterpriseSupervision.INSPECTORS).entries()).hasSize(6);

            SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10))
                    .setPeriodStart(at(10)).setPeriodEnd(at(40))
                    .setItems(List.of(new PlanItem("SAMR", "PRICE", "PRICE_INSPECTOR")))
                    .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(11).setTaskDeadline(at(40)).build();
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(), at(10).toEpochMilli()));

            List<InspectionTask> tasks = h.getSideOutput(EnterpriseSupervision.TASKS).stream()
                    .map(StreamRecord::getValue).toList();
            assertThat(tasks).hasSize(200);
            assertThat(tasks).allSatisfy(t -> {
                assertThat(t.getTeams()).singleElement().satisfies(team -> {
                    assertThat(team.getInspectors()).hasSize(2).doesNotContain("I0");
                    assertThat(team.getShortfall()).isNull();
                });
                assertThat(t.getInspectors()).isEqualTo(t.getTeams().get(0).getInspectors());
            });
            assertThat(tasks.stream().filter(t -> t.getCreditCode().equals(code(0))))
                    .singleElement().satisfies(t -> assertThat(t.getInspectors()).doesNotContain("I1"));
            assertThat(tasks.stream().flatMap(t -> t.getInspectors().stream()).distinct())
                    .containsExactlyInAnyOrder("I1", "I2", "I3", "I4", "I5");
            assertThat(h.getSideOutput(EnterpriseSupervision.PUBLICATIONS)).singleElement().satisfies(r -> {
                assertThat(r.getValue().getPublication().getUnderstaffed()).isZero();
                assertThat(r.getValue().getPublication().getInspectorLibraryDigest()).hasSize(64);
            });
        }
    }

    @Test
    void replayingAPlanGivesTheIdenticalTaskListWhateverTheOrderOfEnterprisesAndInspectors() throws Exception {
        List<List<InspectionTask>> runs = new java.util.ArrayList<>();
        for (long order = 0; order < 2; order++) {
            try (var h = harness()) {
                List<Integer> enterprises = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 300).boxed()
                        .toList());
                java.util.Collections.shuffle(enterprises, new java.util.Random(order));
                for (int i : enterprises) {
                    h.processElement(new StreamRecord<>(registration(code(i)), T0.toEpochMilli()));
                }
                String district = stateOf(h, code(0)).getPublished().getDistrictCode();
                List<Integer> inspectors = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 12).boxed()
                        .toList());
                java.util.Collections.shuffle(inspectors, new java.util.Random(order + 7));
                for (int i : inspectors) {
                    h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setInspector(
                            InspectorLibraryTest.fit("I" + i, i % 2 == 0 ? "SAMR" : "SAMR-FOOD", "U" + i % 3,
                                    i < 8 ? district : "440199", "Q")).build(), T0.toEpochMilli()));
                }
                SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10))
                        .setPeriodStart(at(10)).setPeriodEnd(at(40))
                        .setItems(List.of(new PlanItem("SAMR", "PRICE", "Q"), new PlanItem("SAMR-FOOD", "FOOD", null)))
                        .setRatios(new ClassRatios(0.3, 0.3, 1.0, 1.0)).setSeed(5).setTaskDeadline(at(40)).build();
                h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(),
                        at(10).toEpochMilli()));
                runs.add(h.getSideOutput(EnterpriseSupervision.TASKS).stream().map(StreamRecord::getValue)
                        .sorted(java.util.Comparator.comparing(InspectionTask::getTaskId)).toList());
            }
        }
        assertThat(runs.get(0)).hasSizeBetween(60, 120);
        assertThat(runs.get(0)).allSatisfy(t -> assertThat(t.getInspectors()).hasSize(4));
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void aNewGridRepublishesOnlyTheEnterprisesInChangedUnitsAndIsRemembered() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(registration(code(1)), T0.toEpochMilli())); // in 440106022
            EnterpriseRegistration elsewhere = Fixtures.registration(code(2), T0, RegridTest.YUEXIU);
            h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder().setRegistration(elsewhere)
                    .setClaim(new ClaimModel(Grid.load(Grid.DEFAULT_LOCATION)).claim(elsewhere)).build(),
                    T0.toEpochMilli()));
            int before = h.extractOutputValues().size();

            var grid = RegridTest.renumbered();
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setGrid(grid).build(),
                    at(1).toEpochMilli()));
            List<EnterpriseProfile> after = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            assertThat(after).singleElement().satisfies(p -> {
                assertThat(p.getCreditCode()).isEqualTo(code(1));
                assertThat(p.getUnitId()).isEqualTo("440106999");
            });
            assertThat(stateOf(h, code(1)).getClaim().getUnitId()).isEqualTo("440106999");

            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setGrid(grid).build(),
                    at(2).toEpochMilli()));
            assertThat(h.extractOutputValues()).as("the same grid again changes nothing").hasSize(before + 1);
        }
    }

    @Test
    void aDrawnTaskGoesForwardToTheTaskFollowUp() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(registration(code(1)), T0.toEpochMilli()));
            SamplingPlan plan = SamplingPlan.newBuilder().setPlanId("P1").setEventTime(at(10))
                    .setPeriodStart(at(10)).setPeriodEnd(at(40)).setItems(List.of(new PlanItem("SAMR", "PRICE", null)))
                    .setRatios(new ClassRatios(1.0, 1.0, 1.0, 1.0)).setSeed(11).setTaskDeadline(at(40)).build();
            h.processBroadcastElement(new StreamRecord<>(Control.newBuilder().setPlan(plan).build(),
                    at(10).toEpochMilli()));
            InspectionTask task = h.getSideOutput(EnterpriseSupervision.TASKS).poll().getValue();
            assertThat(h.getSideOutput(EnterpriseSupervision.FOLLOW_UPS)).extracting(r -> r.getValue().getTask())
                    .containsExactly(task);
        }
    }

    /** A state of 07f9757 kept its open tasks itself: they go to the follow-up at the enterprise's next input. */
    @Test
    void anEarlierReleasesOpenTasksAreHandedOverToTheFollowUpOnce() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(registration(code(1)), T0.toEpochMilli()));
            ValueState<EnterpriseState> kept = stateBackendValue(h, code(1));
            EnterpriseState earlier = kept.value();
            earlier.getOpenTasks().add(new org.creditgrid.internal.OpenTask("P1:" + code(1), at(40).toEpochMilli(),
                    "SAMR"));
            earlier.setTasksHandedOver(false);
            kept.update(earlier);
            for (String id : List.of("C1", "C2")) {
                h.processElement(new StreamRecord<>(EnterpriseInput.newBuilder()
                        .setEvent(Fixtures.complaint(code(1), id, at(1))).build(), at(1).toEpochMilli()));
            }
            assertThat(h.getSideOutput(EnterpriseSupervision.FOLLOW_UPS))
                    .filteredOn(r -> !r.getValue().getHandedOver().isEmpty())
                    .singleElement().satisfies(r -> assertThat(r.getValue().getHandedOver())
                            .extracting(t -> t.getTaskId()).containsExactly("P1:" + code(1)));
            assertThat(stateOf(h, code(1)).getOpenTasks()).isEmpty();
        }
    }

    /**
     * Releases up to 07f9757 kept a union operator state, {@code sampling-views-complete}. Flink restores an operator
     * state nobody asks for and writes it again, and a union state comes back once per subtask on every restore: left
     * alone it would grow with each one. Restored, it is emptied.
     */
    @Test
    void theUnionStateOfEarlierReleasesIsEmptiedOnRestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState earlier;
        try (var old = operatorHarness(new WithViewsComplete())) {
            old.open();
            old.processElement(new StreamRecord<>(registration(code(1)), T0.toEpochMilli()));
            earlier = old.snapshot(1, at(1).toEpochMilli());
        }
        assertThat(unionEntries(earlier)).as("as 07f9757 wrote it").isEqualTo(1);
        try (var h = operatorHarness(Supervisors.operator())) {
            h.initializeState(earlier);
            h.open();
            assertThat(stateOf(h, code(1)).getPublished()).as("the keyed state is restored").isNotNull();
            assertThat(unionEntries(h.snapshot(2, at(2).toEpochMilli()))).isZero();
        }
    }

    private static KeyedBroadcastOperatorTestHarness<String, EnterpriseInput, Control, EnterpriseProfile>
            operatorHarness(EnterpriseSupervision function) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(function,
                        List.of(EnterpriseSupervision.PLANS, EnterpriseSupervision.RULES, EnterpriseSupervision.GRID,
                                EnterpriseSupervision.INSPECTORS)),
                (EnterpriseInput i) -> i.getRegistration().getCreditCode(), Types.STRING, 1, 1, 0);
    }

    private static int unionEntries(org.apache.flink.runtime.checkpoint.OperatorSubtaskState state) {
        int entries = 0;
        for (var handle : state.getManagedOperatorState()) {
            var meta = handle.getStateNameToPartitionOffsets().get("sampling-views-complete");
            entries += meta == null ? 0 : meta.getOffsets().length;
        }
        return entries;
    }

    /** The operator as 07f9757 snapshotted it: with its union state saying every enterprise has its view. */
    static final class WithViewsComplete extends EnterpriseSupervision {
        private transient org.apache.flink.api.common.state.ListState<Integer> viewsComplete;

        WithViewsComplete() {
            super(org.creditgrid.risk.RiskRules.DEFAULT_LOCATION, PoolRules.DEFAULT_LOCATION,
                    org.creditgrid.claim.ClaimRules.DEFAULT_LOCATION, Grid.DEFAULT_LOCATION,
                    SubLibraries.DEFAULT_LOCATION, EnterpriseSupervisor.Limits.defaults(), "enforcement-events",
                    "claim-responses");
        }

        @Override
        public void initializeState(org.apache.flink.runtime.state.FunctionInitializationContext context)
                throws Exception {
            viewsComplete = context.getOperatorStateStore().getUnionListState(
                    new org.apache.flink.api.common.state.ListStateDescriptor<>("sampling-views-complete", Types.INT));
        }

        @Override
        public void snapshotState(org.apache.flink.runtime.state.FunctionSnapshotContext context) throws Exception {
            viewsComplete.update(List.of(1));
        }
    }
}
