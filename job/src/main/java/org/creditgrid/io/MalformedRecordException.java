package org.creditgrid.io;

import java.io.IOException;

/** An input record's bytes do not hold one datum of its schema; the message says what and at which byte. */
public class MalformedRecordException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
