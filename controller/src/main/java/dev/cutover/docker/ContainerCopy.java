package dev.cutover.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.util.HashMap;
import java.util.Map;

/**
 * A new container made as a copy of an existing one of ours (a kept colour's first container,
 * the only record of how an older version ran): the same image id, command, environment,
 * user and host settings (limits, mounts, restart policy), and networks; only its name, the
 * host port its one published port goes to, and some labels differ.
 */
final class ContainerCopy {
    private ContainerCopy() {
    }

    static String createAndStart(DockerClient client, String templateId, String name, int hostPort, Map<String, String> labels) {
        InspectContainerResponse t = client.inspectContainerCmd(templateId).exec();
        ContainerConfig cfg = t.getConfig();
        HostConfig host = t.getHostConfig();
        Map.Entry<ExposedPort, Ports.Binding[]> published = host.getPortBindings().getBindings().entrySet().stream()
                .filter(e -> e.getValue() != null && e.getValue().length > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("container " + templateId + " publishes no port to copy"));
        ExposedPort port = published.getKey();
        host.withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(published.getValue()[0].getHostIp(), hostPort), port));
        Map<String, String> merged = new HashMap<>(cfg.getLabels() == null ? Map.of() : cfg.getLabels());
        merged.putAll(labels);
        CreateContainerCmd create = client.createContainerCmd(t.getImageId())
                .withName(name)
                .withLabels(merged)
                .withExposedPorts(port)
                .withHostConfig(host);
        // The image's own defaults are already in these (a copy runs the same image); absent ones stay unset.
        if (cfg.getEnv() != null) {
            create.withEnv(cfg.getEnv());
        }
        if (cfg.getCmd() != null) {
            create.withCmd(cfg.getCmd());
        }
        if (cfg.getEntrypoint() != null) {
            create.withEntrypoint(cfg.getEntrypoint());
        }
        if (cfg.getUser() != null && !cfg.getUser().isEmpty()) {
            create.withUser(cfg.getUser());
        }
        if (cfg.getWorkingDir() != null && !cfg.getWorkingDir().isEmpty()) {
            create.withWorkingDir(cfg.getWorkingDir());
        }
        String id = create.exec().getId();
        // The first network is the host config's network mode; the others were joined after create.
        if (t.getNetworkSettings() != null && t.getNetworkSettings().getNetworks() != null) {
            for (String network : t.getNetworkSettings().getNetworks().keySet()) {
                String mode = host.getNetworkMode();
                boolean joinedAtCreate = network.equals(mode) || ("default".equals(mode) && network.equals("bridge"));
                if (!joinedAtCreate) {
                    client.connectToNetworkCmd().withNetworkId(network).withContainerId(id).exec();
                }
            }
        }
        client.startContainerCmd(id).exec();
        return id;
    }
}
