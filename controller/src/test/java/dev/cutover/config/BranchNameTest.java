package dev.cutover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BranchNameTest {
    @ParameterizedTest(name = "''{0}'' valid: {1}")
    @CsvSource(delimiter = '|', value = {
            "main | true", "release/2024-05 | true", "feature/a.b | true", "v1.2 | true", "@ | true", "a@b | true",
            "a..b | false", ".hidden | false", "a/.b | false", "a/ | false", "/a | false", "a//b | false",
            "main.lock | false", "a.lock/b | false", "a. | false", "a@{1} | false", "a~1 | false", "a^ | false",
            "a:b | false", "a?b | false", "a*b | false", "a[b | false", "a\\b | false", "'a b' | false"})
    void aBranchNameFollowsGitsRules(String branch, boolean valid) {
        assertEquals(valid, RepoRules.isValidBranchName(branch));
    }

    @Test
    void noNameIsAcceptedThatJGitWouldRefuse() {
        // Every one- and two-character name over a set of tricky characters, and their combinations with a slash.
        String chars = "a.-_/@{}~^:?*[]\\ \t\u007f\u0001é";
        List<String> names = new ArrayList<>();
        for (char x : chars.toCharArray()) {
            names.add("" + x);
            for (char y : chars.toCharArray()) {
                names.add("" + x + y);
                names.add("a" + x + y + "b");
                names.add(x + "/" + y);
            }
        }
        names.addAll(List.of("a.lock", "x/a.lock", "a..", "a/..", "@{", "a@{b"));
        for (String name : names) {
            if (RepoRules.isValidBranchName(name)) {
                assertTrue(Repository.isValidRefName("refs/heads/" + name), "accepted what JGit refuses: " + name);
            }
        }
    }
}
