package org.creditgrid.io;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.creditgrid.schema.DeadLetter;

/**
 * Dead letters for records rejected after decoding (no Kafka position any more): partition and offset -1, the key
 * as UTF-8 and the record re-encoded, so nothing is lost.
 */
public final class DeadLetters {

    private DeadLetters() {}

    public static DeadLetter reencoded(String sourceTopic, long recordTimestamp, String reason, String detail,
                                       String key, byte[] value) {
        return DeadLetter.newBuilder()
                .setSourceTopic(sourceTopic).setPartition(-1).setOffset(-1)
                .setRecordTimestamp(recordTimestamp)
                .setReason(reason)
                .setDetail(detail)
                .setRawKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
                .setRawValue(ByteBuffer.wrap(value))
                .build();
    }
}
