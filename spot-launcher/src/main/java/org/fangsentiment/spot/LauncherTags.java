package org.fangsentiment.spot;

/**
 * The tags by which the launcher recognises its own instances.
 *
 * <p>{@code list} and {@code terminate} rely on {@link #LAUNCHED_BY}; the IAM policy in
 * {@code docs/spot-launcher-iam.json} conditions {@code ec2:TerminateInstances} on the same tag, so
 * users cannot override it with {@code --tag}.
 */
public final class LauncherTags {

    /** Tag key that marks an instance as launched by this tool. */
    public static final String LAUNCHED_BY = "launched-by";
    /** Value of {@link #LAUNCHED_BY}. */
    public static final String LAUNCHED_BY_VALUE = "spot-launcher";
    /** Tag key holding the ISO-8601 instant after which the instance halts itself. */
    public static final String SHUTDOWN_AT = "shutdown-at";
    /** Tag key EC2 shows as the instance's name in the console. */
    public static final String NAME = "Name";

    private LauncherTags() {
    }

    /** Whether a user-supplied tag key would clash with the tags the launcher manages itself. */
    public static boolean isReserved(String key) {
        return LAUNCHED_BY.equals(key) || SHUTDOWN_AT.equals(key);
    }
}
