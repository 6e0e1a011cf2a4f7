package dev.cutover.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryIdsTest {
    /** Ids offered in order to a memory of {@code capacity}; the answers of firstTime, in order. */
    @ParameterizedTest(name = "capacity {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "3 | a b c          | true true true",
        "3 | a a            | true false",
        "3 | a b a c a      | true true false true false",
        "2 | a b c a        | true true true true",
        "2 | a b a c a b    | true true false true false true",
        "1 | a a b a        | true false true true",
    })
    void aRepeatIsSeenUntilEnoughNewerIdsPushItOut(int capacity, String ids, String expected) {
        DeliveryIds seen = new DeliveryIds(capacity);
        List<String> answers = new ArrayList<>();
        for (String id : ids.trim().split(" +")) {
            answers.add(Boolean.toString(seen.firstTime(id)));
        }
        assertEquals(Arrays.asList(expected.trim().split(" +")), answers);
    }
}
