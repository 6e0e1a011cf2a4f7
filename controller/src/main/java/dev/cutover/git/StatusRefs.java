package dev.cutover.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The status refs of a fleet in a repository: {@code refs/cutover/status/<server>}, one per
 * server, each a commit without parent whose tree holds one file, {@value #FILE}. Each server
 * writes only its own ref (so no two daemons ever race on one), by force: only the latest
 * report matters, and no history piles up on the git host beyond what its gc keeps.
 */
public final class StatusRefs {
    public static final String PREFIX = "refs/cutover/status/";
    static final String FILE = "status";
    /** A fleet of more servers than this is not one Cutover is built for; more refs are ignored. */
    static final int MAX_REFS = 5000;
    private static final Pattern SERVER = Pattern.compile("[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?");

    private StatusRefs() {
    }

    public static String ref(String server) {
        return PREFIX + server;
    }

    /** Writes {@code content} as the server's report commit and points the local ref at it. */
    static ObjectId writeLocal(Repository repo, String server, String content, Instant at) throws IOException {
        ObjectId commit;
        try (ObjectInserter ins = repo.newObjectInserter()) {
            ObjectId blob = ins.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append(FILE, FileMode.REGULAR_FILE, blob);
            ObjectId treeId = ins.insert(tree);
            PersonIdent who = new PersonIdent("Cutover " + server, "cutover@" + server, at, java.time.ZoneOffset.UTC);
            CommitBuilder c = new CommitBuilder();
            c.setTreeId(treeId);
            c.setAuthor(who);
            c.setCommitter(who);
            c.setMessage("Status of " + server + "\n");
            commit = ins.insert(c);
            ins.flush();
        }
        RefUpdate u = repo.updateRef(ref(server));
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        u.disableRefLog();
        RefUpdate.Result r = u.update();
        if (r != RefUpdate.Result.NEW && r != RefUpdate.Result.FORCED && r != RefUpdate.Result.NO_CHANGE
                && r != RefUpdate.Result.FAST_FORWARD) {
            throw new IOException("cannot update " + ref(server) + " in the clone: " + r);
        }
        return commit;
    }

    /**
     * Every server's report as fetched into the clone, by server name; a ref whose name is no
     * server name, or whose report is missing or too large, is left out.
     */
    static Map<String, byte[]> readLocal(Repository repo, int maxBytes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (RevWalk walk = new RevWalk(repo)) {
            for (Ref r : repo.getRefDatabase().getRefsByPrefix(PREFIX)) {
                String server = r.getName().substring(PREFIX.length());
                if (out.size() >= MAX_REFS || !SERVER.matcher(server).matches() || r.getObjectId() == null) {
                    continue;
                }
                try {
                    RevCommit c = walk.parseCommit(r.getObjectId());
                    try (TreeWalk tw = TreeWalk.forPath(repo, FILE, c.getTree())) {
                        if (tw == null || !tw.getFileMode(0).equals(FileMode.REGULAR_FILE)) {
                            continue;
                        }
                        ObjectLoader loader = repo.open(tw.getObjectId(0), Constants.OBJ_BLOB);
                        if (loader.getSize() <= maxBytes) {
                            out.put(server, loader.getBytes());
                        }
                    }
                } catch (IOException e) {
                    // Not a commit, a broken object: that server's report is unreadable, the others still count.
                }
            }
        }
        return out;
    }
}
