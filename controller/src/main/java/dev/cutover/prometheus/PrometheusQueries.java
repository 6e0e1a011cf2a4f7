package dev.cutover.prometheus;

/** Evaluates PromQL: the bake's second judge asks through this, so tests can answer without a Prometheus. */
public interface PrometheusQueries {
    QueryAnswer query(String promql);
}
