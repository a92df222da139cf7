package org.creditgrid.local;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.creditgrid.io.AvroCodec;
import org.creditgrid.validation.InputValidation;
import org.creditgrid.io.Rejection;
import org.creditgrid.schema.ClassRatios;
import org.creditgrid.schema.PlanItem;
import org.creditgrid.schema.SamplingPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code creditgrid plan submit FILE.json}: sends a sampling plan to a running job; {@code plan example} prints one.
 * The file is plain JSON (ISO instants, ratios by class), turned into the {@code SamplingPlan} contract and checked
 * with the job's own validation before it is sent.
 */
@Command(name = "plan", mixinStandardHelpOptions = true, description = "Sampling plans of a running job.",
        subcommands = {PlanCommand.Submit.class, PlanCommand.Example.class})
final class PlanCommand {

    /** The JSON form of a plan. */
    record PlanFile(String planId, Instant issued, Instant periodStart, Instant periodEnd, List<Item> items,
                    Map<String, Double> ratios, long seed, Instant taskDeadline, boolean inspectorsFromOtherUnit,
                    List<String> targetSubLibraries) {

        record Item(String department, String inspectionType, String requiredQualification) {}

        SamplingPlan toRecord() {
            return SamplingPlan.newBuilder()
                    .setPlanId(planId)
                    .setEventTime(issued)
                    .setPeriodStart(periodStart)
                    .setPeriodEnd(periodEnd)
                    .setItems(items.stream().map(i -> new PlanItem(i.department(), i.inspectionType(),
                            i.requiredQualification())).toList())
                    .setTargetSubLibraries(targetSubLibraries == null ? List.of() : targetSubLibraries)
                    .setRatios(new ClassRatios(ratios.getOrDefault("A", 0.0), ratios.getOrDefault("B", 0.0),
                            ratios.getOrDefault("C", 0.0), ratios.getOrDefault("D", 0.0)))
                    .setSeed(seed)
                    .setTaskDeadline(taskDeadline)
                    .setInspectorsFromOtherUnit(inspectorsFromOtherUnit)
                    .build();
        }

        static PlanFile of(SamplingPlan p) {
            return new PlanFile(p.getPlanId(), p.getEventTime(), p.getPeriodStart(), p.getPeriodEnd(),
                    p.getItems().stream().map(i -> new Item(i.getDepartment(), i.getInspectionType(),
                            i.getRequiredQualification())).toList(),
                    Map.of("A", p.getRatios().getA(), "B", p.getRatios().getB(), "C", p.getRatios().getC(),
                            "D", p.getRatios().getD()),
                    p.getSeed(), p.getTaskDeadline(), p.getInspectorsFromOtherUnit(), p.getTargetSubLibraries());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Sends a plan (JSON, see `plan example`) to the sampling-plans topic.")
    static final class Submit implements Callable<Integer> {
        @Parameters(index = "0", description = "The plan, as JSON.")
        Path file;
        @picocli.CommandLine.Mixin
        org.creditgrid.local.KafkaOptions kafka;
        @Option(names = "--topic", defaultValue = "sampling-plans", description = "Topic (default ${DEFAULT-VALUE}).")
        String topic;
        @Option(names = "--sub-libraries", defaultValue = org.creditgrid.supervision.SubLibraries.DEFAULT_LOCATION,
                description = "The job's sub-library catalogue, to check the plan's targets (default ${DEFAULT-VALUE}).")
        String subLibraries;

        @Override
        public Integer call() throws Exception {
            SamplingPlan plan;
            try {
                plan = JSON.readValue(file.toFile(), PlanFile.class).toRecord();
            } catch (Exception e) {
                System.err.println(file + " is not a plan: " + e.getMessage());
                return 2;
            }
            Optional<Rejection> rejected = InputValidation.plan(plan,
                    org.creditgrid.supervision.SubLibraries.load(subLibraries).ids());
            if (rejected.isPresent()) {
                System.err.println(file + " rejected: " + rejected.get().detail());
                return 2;
            }
            if (Commands.send(kafka.client(), topic, plan.getPlanId(), AvroCodec.of(SamplingPlan.class).encode(plan),
                    plan.getEventTime().toEpochMilli()) != 0) {
                return 1;
            }
            System.err.printf("Sent plan %s to %s; tasks go to inspection-tasks, the draw to inspection-publications.%n",
                    plan.getPlanId(), topic);
            return 0;
        }
    }

    @Command(name = "example", mixinStandardHelpOptions = true, description = "Prints the demo's year-end plan as JSON.")
    static final class Example implements Callable<Integer> {
        @Option(names = "--year", defaultValue = "2025", description = "Year (default ${DEFAULT-VALUE}).")
        int year;

        @Override
        public Integer call() throws Exception {
            System.out.println(JSON.writeValueAsString(PlanFile.of(DefaultPlans.of(year, 42).get(1))));
            return 0;
        }
    }
}
