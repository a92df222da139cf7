package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.creditgrid.CreditGridJob;
import org.junit.jupiter.api.Test;

/**
 * The operator uids are the keys a savepoint's state is restored by: a renamed or dropped uid loses that operator's
 * state on the next upgrade (or fails the restore). They are pinned in {@code uids.txt}; change that file only with
 * a deliberate, documented state migration (README, "Upgrading with savepoints").
 */
class UidsTest {

    @Test
    void everyOperatorHasItsPinnedUid() throws IOException {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CreditGridJob.define(env, CreditGridConfig.defaults());
        Set<String> uids = new TreeSet<>();
        List<String> without = new ArrayList<>();
        for (Transformation<?> sink : env.getTransformations()) {
            for (Transformation<?> t : sink.getTransitivePredecessors()) {
                if (t instanceof PhysicalTransformation<?>) { // unions, partitions and side outputs hold no state
                    if (t.getUid() == null) {
                        without.add(t.getName());
                    } else {
                        uids.add(t.getUid());
                    }
                }
            }
        }
        assertThat(without).as("operators without a uid").isEmpty();
        assertThat(String.join("\n", uids)).as("the job's uids against uids.txt (see this test's comment)")
                .isEqualTo(pinned());
    }

    private static String pinned() throws IOException {
        try (InputStream in = UidsTest.class.getResourceAsStream("/uids.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
