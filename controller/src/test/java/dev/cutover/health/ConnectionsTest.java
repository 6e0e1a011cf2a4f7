package dev.cutover.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
    static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    @Test
    void countsEstablishedAndHalfOpenConnectionsOnTheAppPortOnly() {
        List<String> rows = List.of(HEADER,
                "   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1",   // listening on 3000
                "   1: 020011AC:0BB8 010011AC:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1",   // established on 3000
                "   2: 020011AC:0BB8 010011AC:C351 03 00000000:00000000 00:00000000 00000000     0        0 3 1",   // syn-recv on 3000
                "   3: 020011AC:0BB8 010011AC:C352 06 00000000:00000000 00:00000000 00000000     0        0 4 1",   // time-wait on 3000
                "   4: 020011AC:1F90 010011AC:C353 01 00000000:00000000 00:00000000 00000000     0        0 5 1");  // established on 8080
        assertEquals(2, Connections.count(rows, 3000));
        assertEquals(1, Connections.count(rows, 8080));
        assertEquals(0, Connections.count(List.of(HEADER), 3000));
    }
}
