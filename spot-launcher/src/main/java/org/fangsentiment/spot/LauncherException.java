package org.fangsentiment.spot;

/**
 * A failure to report to the user as one clear message, without a stack trace.
 *
 * <p>The exit code distinguishes bad input ({@link #USAGE}) from a request AWS refused or that
 * could not be carried out ({@link #FAILURE}).
 */
public final class LauncherException extends RuntimeException {

    /** Exit code for a request that AWS refused or that failed. */
    public static final int FAILURE = 1;
    /** Exit code for invalid input, as picocli uses for bad options. */
    public static final int USAGE = 2;

    private final int exitCode;

    /** A failure with exit code {@link #FAILURE}. */
    public LauncherException(String message) {
        this(message, FAILURE, null);
    }

    /** A failure with the given exit code and cause (may be {@code null}). */
    public LauncherException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure should end the CLI with. */
    public int exitCode() {
        return exitCode;
    }
}
