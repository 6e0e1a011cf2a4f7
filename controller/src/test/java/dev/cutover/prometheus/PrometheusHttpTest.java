package dev.cutover.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading the answers of Prometheus's query API, as its documentation shows them. */
class PrometheusHttpTest {
    static Stream<Arguments> answers() {
        return Stream.of(
                arguments("a vector of two series", 200, """
                        {"status":"success","data":{"resultType":"vector","result":[
                          {"metric":{"__name__":"up","job":"web"},"value":[1700000000.1,"1"]},
                          {"metric":{"job":"db"},"value":[1700000000.1,"0.25"]}]}}""",
                        new QueryAnswer.Values(List.of(new QueryAnswer.Sample("{__name__=\"up\",job=\"web\"}", 1),
                                new QueryAnswer.Sample("{job=\"db\"}", 0.25)))),
                arguments("an empty vector", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}",
                        new QueryAnswer.Values(List.of())),
                arguments("a scalar", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"+Inf\"]}}",
                        new QueryAnswer.Values(List.of(new QueryAnswer.Sample("{}", Double.POSITIVE_INFINITY)))),
                arguments("a query error", 400, """
                        {"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected <EOF>\\nagain"}""",
                        new QueryAnswer.Unanswered("HTTP 400: query failed: 1:5: parse error: unexpected <EOF>\\x0aagain")),
                arguments("a range vector", 200, "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}",
                        new QueryAnswer.Unanswered("expected an instant vector or a scalar, found matrix")),
                arguments("not JSON", 502, "<html>Bad Gateway</html>", new QueryAnswer.Unanswered("HTTP 502 without a JSON answer")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachAnswerReadsAsValuesOrAsWhyThereAreNone(String name, int status, String body, QueryAnswer expected) {
        assertEquals(expected, PrometheusHttp.parse(status, body));
    }

    @Test
    void aPrometheusThatIsNotThereIsAnUnansweredQueryNotAnException() {
        QueryAnswer a = new PrometheusHttp(URI.create("http://127.0.0.1:9")).query("up");
        assertInstanceOf(QueryAnswer.Unanswered.class, a);
        assertTrue(((QueryAnswer.Unanswered) a).why().startsWith("Prometheus at 127.0.0.1:9 did not answer"), a.toString());
    }
}
