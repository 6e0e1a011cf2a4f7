package dev.cutover.git;

import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * Hands JGit the host config's credentials (or none) and remembers whether the git host asked
 * for any. A failed fetch after the host asked is an authentication refusal: the operator's
 * to fix, not worth retrying soon. This is how the failure kind is known without reading
 * JGit's messages.
 */
final class RecordingCredentials extends CredentialsProvider {
    private final CredentialsProvider delegate;
    private volatile boolean asked;

    /** @param delegate the configured credentials, or null when the host config has none */
    RecordingCredentials(CredentialsProvider delegate) {
        this.delegate = delegate;
    }

    boolean asked() {
        return asked;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        return delegate == null || delegate.supports(items);
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        asked = true;
        return delegate != null && delegate.get(uri, items);
    }

    @Override
    public void reset(URIish uri) {
        if (delegate != null) {
            delegate.reset(uri);
        }
    }
}
