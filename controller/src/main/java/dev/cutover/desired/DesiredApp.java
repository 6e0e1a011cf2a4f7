package dev.cutover.desired;

/** One app as one server should run it: the effective spec and the image tag. */
public record DesiredApp(AppSpec spec, String tag) {
    public String name() {
        return spec.name();
    }

    public String imageRef() {
        return spec.image() + ":" + tag;
    }
}
