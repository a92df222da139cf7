package org.creditgrid.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flags that become Flink settings. */
class CreditGridConfigTest {

    @Test
    void maxParallelismIsLeftToFlinkUnlessGiven() {
        assertThat(CreditGridConfig.fromArgs(new String[0]).flinkConfiguration().toMap())
                .doesNotContainKey("pipeline.max-parallelism");
        CreditGridConfig national = CreditGridConfig.fromArgs(new String[] {"--max-parallelism", "4096"});
        assertThat(national.flinkConfiguration().toMap()).containsEntry("pipeline.max-parallelism", "4096");
        assertThat(national.toMap()).containsEntry("max-parallelism", "4096");
    }

    @Test
    void transactionalIdsArePerCheckpointUnlessPoolingIsChosen() {
        assertThat(CreditGridConfig.fromArgs(new String[0]).pooledTransactionalIds()).isFalse();
        CreditGridConfig pooled = CreditGridConfig.fromArgs(new String[] {"--transaction-naming", "pooling"});
        assertThat(pooled.pooledTransactionalIds()).isTrue();
        assertThat(pooled.toMap()).containsEntry("transaction-naming", "pooling");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CreditGridConfig.fromArgs(
                new String[] {"--transaction-naming", "POOLED"})).hasMessageContaining("incrementing or pooling");
    }

    /** Flink's parser knows only {@code --key value}; the job takes {@code --key=value} too. */
    @Test
    void bothFlagForms() {
        CreditGridConfig c = CreditGridConfig.fromArgs(new String[] {"--bootstrap-servers=kafka:9093",
                "--kafka.security.protocol=SSL", "--group-id", "g", "--job-name=a=b"});
        assertThat(c.bootstrapServers()).isEqualTo("kafka:9093");
        assertThat(c.groupId()).isEqualTo("g");
        assertThat(c.jobName()).isEqualTo("a=b");
        assertThat(c.clientProperties()).containsEntry("security.protocol", "SSL");
    }
}
