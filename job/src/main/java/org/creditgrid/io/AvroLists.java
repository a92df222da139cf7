package org.creditgrid.io;

import java.util.List;
import java.util.function.Predicate;

/** Lists of state records: once the state backend returns them they are Avro arrays, whose iterator cannot remove. */
public final class AvroLists {

    private AvroLists() {}

    /** Removes the matching elements, by index ({@code removeIf} would throw on an Avro array). */
    public static <T> void removeWhere(List<T> list, Predicate<? super T> match) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (match.test(list.get(i))) {
                list.remove(i);
            }
        }
    }
}
