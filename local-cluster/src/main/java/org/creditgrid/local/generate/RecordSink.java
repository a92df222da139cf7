package org.creditgrid.local.generate;

/** Where generated records go: a Kafka producer or files. */
public interface RecordSink extends AutoCloseable {

    void send(String topic, byte[] key, byte[] value, long timestamp);

    @Override
    default void close() throws Exception {}
}
