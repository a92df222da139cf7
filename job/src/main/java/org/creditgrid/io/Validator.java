package org.creditgrid.io;

import java.io.Serializable;
import java.util.Optional;

/** Checks a decoded input record; empty when it may enter the job. */
@FunctionalInterface
public interface Validator<T> extends Serializable {
    Optional<Rejection> check(T record);
}
