package dev.cutover.docker;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which images a prune removes: a pure decision, tested with a table.
 *
 * <p>An image is Cutover's to remove only if a container of this app ran it: its id is the
 * image of one of the app's containers or in their {@link ImageHistory} label. That record
 * lives on the containers, so it survives a restart and needs no database; an image the
 * user pulled or built (a tag no Cutover container ran) is never Cutover's. Of the app's
 * images still on the host, the {@code keep} most recently deployed stay; an older one is
 * removed only if no container on the host uses it (running or stopped, any app, Cutover's
 * or not), no other name holds it, and no app of this pass is deploying it.
 */
public final class ImagePruning {
    /** One image on the host: its id and the names (repository:tag) that point at it. */
    public record Image(String id, List<String> references) {
        public Image {
            references = List.copyOf(references);
        }
    }

    private ImagePruning() {
    }

    /**
     * @param ran       ids of the images this app's containers run or ran, most recent deploy first
     * @param keep      how many of them stay on the host however old
     * @param images    every image on the host
     * @param used      ids of the images every container on the host was created from
     * @param deploying references (repository:tag) that deploys of this pass use: another app
     *                  may have pulled one and not yet created its container
     * @return ids of the images to remove
     */
    public static List<String> removable(List<String> ran, int keep, List<Image> images, Set<String> used, Set<String> deploying) {
        Map<String, Image> onHost = images.stream().collect(Collectors.toMap(Image::id, Function.identity(), (a, b) -> a));
        return ran.stream().distinct().filter(onHost::containsKey)
                .skip(keep)
                .map(onHost::get)
                .filter(image -> !used.contains(image.id()))
                // Two names on one image: someone else tagged or pulled it too (the engine refuses an unforced removal anyway).
                .filter(image -> image.references().size() <= 1)
                .filter(image -> image.references().stream().noneMatch(deploying::contains))
                .map(Image::id)
                .toList();
    }
}
