package dev.cutover.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The prune decision, one row per rule: which images an app's prune removes. */
class ImagePruningTest {
    private static final String REPO = "reg/web";

    /** An image with a single name, {@code reg/web:TAG}, and id {@code TAG}. */
    private static ImagePruning.Image tagged(String tag) {
        return new ImagePruning.Image(tag, List.of(REPO + ":" + tag));
    }

    private static ImagePruning.Image image(String id, String... references) {
        return new ImagePruning.Image(id, Arrays.asList(references));
    }

    private static final List<ImagePruning.Image> V1_TO_V4 = List.of(tagged("v4"), tagged("v3"), tagged("v2"), tagged("v1"));

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of("the first deploy removes nothing, whatever else the host has", List.of("v4"), 1, V1_TO_V4, Set.of(),
                        Set.of(), List.of()),
                Arguments.of("images the app ran beyond keep, unused, go", List.of("v4", "v3", "v2", "v1"), 2, V1_TO_V4, Set.of(),
                        Set.of(), List.of("v2", "v1")),
                Arguments.of("an image no container of the app ever ran (the user pulled it) stays", List.of("v4", "v3"), 1, V1_TO_V4,
                        Set.of(), Set.of(), List.of("v3")),
                Arguments.of("a stopped container of another app (its rollback colour) keeps its image", List.of("v4", "v3", "v2"), 1,
                        V1_TO_V4, Set.of("v2"), Set.of(), List.of("v3")),
                Arguments.of("a container Cutover does not manage keeps its image", List.of("v4", "v3"), 1, V1_TO_V4, Set.of("v3"),
                        Set.of(), List.of()),
                Arguments.of("the images the app's own containers use count towards keep", List.of("v4", "v3", "v2"), 2, V1_TO_V4,
                        Set.of("v4", "v3"), Set.of(), List.of("v2")),
                Arguments.of("keep 0 still spares every image a container uses", List.of("v4", "v3"), 0, V1_TO_V4, Set.of("v4"),
                        Set.of(), List.of("v3")),
                Arguments.of("an image another name also points at stays", List.of("v4", "v3"), 1,
                        List.of(tagged("v4"), image("v3", REPO + ":v3", "reg/other:stable")), Set.of(), Set.of(), List.of()),
                Arguments.of("an image another app of this pass is deploying stays", List.of("v4", "v3"), 1, V1_TO_V4, Set.of(),
                        Set.of(REPO + ":v3"), List.of()),
                Arguments.of("an untagged image the app ran (its tag was pushed again) goes", List.of("v4", "sha256:old"), 1,
                        List.of(tagged("v4"), image("sha256:old")), Set.of(), Set.of(), List.of("sha256:old")),
                Arguments.of("an image already gone neither counts towards keep nor is removed", List.of("v4", "gone", "v3", "v2"), 2,
                        V1_TO_V4, Set.of(), Set.of(), List.of("v2")),
                Arguments.of("a revert's image counts as the newest deploy, once", List.of("v2", "v4", "v3", "v2"), 2, V1_TO_V4,
                        Set.of(), Set.of(), List.of("v3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidesWhichImagesGo(String rule, List<String> ran, int keep, List<ImagePruning.Image> images, Set<String> used,
                              Set<String> deploying, List<String> removed) {
        assertEquals(removed, ImagePruning.removable(ran, keep, images, used, deploying));
    }

    @ParameterizedTest(name = "history label {0}")
    @MethodSource("labels")
    void theHistoryLabelKeepsTheNewestIdsOnceEachAndReadsBack(List<String> ids, List<String> readBack) {
        assertEquals(readBack, ImageHistory.parse(ImageHistory.label(ids)));
    }

    static Stream<Arguments> labels() {
        List<String> many = Stream.iterate(1, i -> i + 1).limit(ImageHistory.MAX + 5).map(i -> "sha256:" + i).toList();
        return Stream.of(
                Arguments.of(List.of(), List.of()),
                Arguments.of(List.of("sha256:b", "sha256:a", "sha256:b"), List.of("sha256:b", "sha256:a")),
                Arguments.of(many, many.subList(0, ImageHistory.MAX)));
    }
}
