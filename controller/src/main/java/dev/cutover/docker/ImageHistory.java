package dev.cutover.docker;

import java.util.Arrays;
import java.util.List;

/**
 * The ids of the images an app's earlier containers ran, newest first, carried by each new
 * container in the {@link Labels#IMAGE_HISTORY} label. With the image of each container
 * itself, they tell which images Cutover ran for the app, so a prune touches only those
 * (see {@link ImagePruning}). Bounded: an id beyond the bound is forgotten, and so never
 * pruned, which errs on the side of keeping.
 */
public final class ImageHistory {
    static final int MAX = 32;

    private ImageHistory() {
    }

    /** The label value for these ids (newest first). */
    public static String label(List<String> ids) {
        return String.join(",", ids.stream().distinct().limit(MAX).toList());
    }

    /** The ids a label holds; none for a container made before the label existed. */
    static List<String> parse(String label) {
        if (label == null || label.isBlank()) {
            return List.of();
        }
        return Arrays.stream(label.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
