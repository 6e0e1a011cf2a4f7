package dev.cutover.git;

import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;

/** Decides a {@link GitException.Kind} from what JGit threw: exception types and codes, never message text. */
final class FailureKinds {
    private FailureKinds() {
    }

    /**
     * @param credentialsAsked whether the git host asked for credentials during the failed call
     */
    static GitException.Kind of(Throwable failure, boolean credentialsAsked) {
        boolean transport = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotSupportedException) {
                return GitException.Kind.MISCONFIGURED;
            }
            if (t instanceof SshException ssh && refusedByServer(ssh.getDisconnectCode())) {
                return GitException.Kind.REJECTED;
            }
            transport |= t instanceof TransportException || t instanceof org.eclipse.jgit.api.errors.TransportException;
        }
        return transport && credentialsAsked ? GitException.Kind.REJECTED : GitException.Kind.UNREACHABLE;
    }

    private static boolean refusedByServer(int disconnectCode) {
        return disconnectCode == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE
                || disconnectCode == SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE;
    }
}
