package org.creditgrid.claim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.creditgrid.RealWorld;
import org.junit.jupiter.api.Test;

/**
 * Enterprises remember the hash of (normalisation version, address text) their address group came from, and skip
 * normalising an unchanged text. A change to the keys without a new {@link AddressText#VERSION} would leave restored
 * enterprises in their old groups while new registrants join the new ones: this pins the keys of every address of
 * the real-world corpus to the version.
 */
class AddressKeyVersionTest {

    /** SHA-256 of the corpus addresses' keys, one per line, in file order, under {@link AddressText#VERSION}. */
    private static final String KEYS_OF_VERSION = "b64ae07555152fbb65650a8ff1783d0acfe63cb840741a452ceb7c3448615f6b";

    @Test
    void theCorpusKeysAreThoseOfTheVersion() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        RealWorld.cases("address-keys.csv").forEach(a -> {
            for (int i = 0; i < 2; i++) {
                String key = AddressText.normalise((String) a.get()[i]);
                sha.update((key + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(HexFormat.of().formatHex(sha.digest()))
                .as("the keys changed: bump AddressText.VERSION (now %s) and pin the new digest here",
                        AddressText.VERSION)
                .isEqualTo(KEYS_OF_VERSION);
    }
}
