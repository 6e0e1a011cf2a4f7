package dev.cutover.compose;

import dev.cutover.yaml.Problem;
import java.util.List;

/**
 * What an import made of a compose file: the apps, the notes (what was not mapped, and the
 * choices made), and the problems that stop it (when there are any, nothing is written).
 */
public record Imported(List<ImportedApp> apps, List<Problem> notes, List<Problem> problems) {
    public Imported {
        apps = List.copyOf(apps);
        notes = List.copyOf(notes);
        problems = List.copyOf(problems);
    }

    public boolean ok() {
        return problems.isEmpty();
    }
}
