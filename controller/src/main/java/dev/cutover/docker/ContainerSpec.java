package dev.cutover.docker;

import dev.cutover.common.ContainerOptions;
import java.util.List;
import java.util.Map;

/** Everything needed to create one colour of an app. Env holds secret values: never log it. */
public record ContainerSpec(
        String name,
        String image,
        Map<String, String> labels,
        List<String> env,
        int containerPort,
        String bindAddress,
        int hostPort,
        ContainerOptions options) {

    @Override
    public String toString() {
        return "ContainerSpec[" + name + ", " + image + ", " + bindAddress + ":" + hostPort + "->" + containerPort + "]";
    }
}
