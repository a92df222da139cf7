package org.creditgrid;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.creditgrid.pipeline.CreditGridConfig;
import org.creditgrid.pipeline.CreditGridPipeline;
import org.creditgrid.pipeline.KafkaIO;

/**
 * Entry point of the job jar: reads the flags (see {@link CreditGridConfig}), builds the real Kafka sources and
 * sinks and hands them to {@link CreditGridPipeline}.
 *
 * <pre>flink run -d job/target/creditgrid-job.jar --bootstrap-servers kafka:9092 --checkpoint-interval "10 s"</pre>
 */
public final class CreditGridJob {

    private CreditGridJob() {}

    public static void main(String[] args) throws Exception {
        CreditGridConfig config = CreditGridConfig.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config.flinkConfiguration());
        define(env, config);
        env.execute(config.jobName());
    }

    /** The production graph on an environment the caller made (the job jar's main, the demo, the tests). */
    public static void define(StreamExecutionEnvironment env, CreditGridConfig config) {
        env.getConfig().setGlobalJobParameters(ParameterTool.fromMap(config.toMap()));
        KafkaIO kafka = new KafkaIO(config);
        CreditGridPipeline.define(env, config, kafka, kafka);
    }
}
