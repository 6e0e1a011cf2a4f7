package dev.cutover.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent GitHub delivery ids ({@code X-GitHub-Delivery}), so that a replayed or
 * redelivered webhook does not start a second pass. Bounded: the least recently seen id is
 * forgotten first, so a flood of ids costs a fixed amount of memory.
 */
final class DeliveryIds {
    private final Map<String, Boolean> seen;

    DeliveryIds(int capacity) {
        seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time an id is seen (within the last {@code capacity} ids), false for a repeat. */
    synchronized boolean firstTime(String id) {
        return seen.put(id, Boolean.TRUE) == null;
    }
}
